#pragma once
// An app bundle file (README.md, "The container"): parse_bundle() checks the whole file, header,
// checksum, every entry and the manifest, before it hands out anything, so a bundle that parses
// can be installed without further checks.

#include "manifest.h"

#include <lib/span.h>

namespace mica::apps {

constexpr size_t kMaxBundleEntries = 64;
constexpr size_t kMaxEntryNameBytes = 64;
constexpr size_t kBundleHeaderBytes = 32;
constexpr uint32_t kBundleFormatVersion = 1;

struct BundleEntry {
    StringView name;
    Bytes data;
};

// Views into the file, valid while it is.
struct Bundle {
    BundleEntry entries[kMaxBundleEntries]; // [0] is the manifest
    size_t entry_count = 0;
    Manifest manifest;

    const BundleEntry* find(StringView name) const;
};

bool parse_bundle(Bytes file, Bundle& bundle, BundleError& error);

} // namespace mica::apps
