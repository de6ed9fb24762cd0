#pragma once
// An app bundle's manifest (README.md, "The manifest"): who the app is, which module `launch`
// runs, and which directories it asks for. Parsing is strict: anything not in the format is an
// error naming its line, never a guess.

#include <lib/format.h>
#include <lib/string_view.h>
#include <lib/types.h>

namespace mica::apps {

constexpr size_t kMaxDirectoryRequests = 8;
constexpr size_t kMaxAppNameBytes = 32;
constexpr size_t kMaxVersionBytes = 32;
constexpr size_t kMaxGuestBytes = 64; // "/data": the slash and one component

struct DirectoryRequest {
    StringView guest; // "/data"
    bool writable = false;
};

// Views into the manifest text, valid while it is.
struct Manifest {
    StringView name;
    StringView version;
    StringView entry;
    DirectoryRequest directories[kMaxDirectoryRequests];
    size_t directory_count = 0;
};

// Why a bundle or manifest was refused: a fixed reason and where (a manifest line from 1, or
// a byte offset in the bundle file).
struct BundleError {
    const char* reason = nullptr;
    uint64_t offset = 0;
    uint32_t line = 0; // non-zero: in the manifest
};
// "manifest line 3: unknown key" or "at offset 0x20: entry name is empty"
void format_value(FormatSink& sink, const BundleError& error);

bool parse_manifest(StringView text, Manifest& manifest, BundleError& error);

// "[a-z0-9-]", 1..32 bytes, starting with a letter: also a directory name in the registry.
bool is_valid_app_name(StringView name);

} // namespace mica::apps
