// libFuzzer target for the app bundle reader (user/apps/bundle). Any input is refused with a
// reason, or gives a bundle whose every entry and manifest field lies inside the input. Never a
// crash, hang or out-of-bounds read (built with -fsanitize=fuzzer,address,undefined).
//
// Half the inputs get a correct checksum (the second byte of the input decides), so the
// entry and manifest checks behind it are reached. Seeds: build/host/app_bundles/*.app.

#include <apps/bundle/bundle.h>
#include <fs/partition/crc32.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <vector>

using namespace mica;

namespace {

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

bool inside(const void* begin, size_t length, Bytes input) {
    auto first = static_cast<const uint8_t*>(begin);
    return length == 0 || (first >= input.data() && first + length <= input.end());
}

apps::Bundle bundle; // large: not on the stack

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<uint8_t> copy(data, data + size);
    if (size >= apps::kBundleHeaderBytes && (size < 2 || (data[1] & 1))) {
        uint32_t crc = fs::crc32(Bytes(copy.data() + 32, size - 32));
        for (size_t i = 0; i < 4; ++i)
            copy[24 + i] = uint8_t(crc >> (8 * i));
    }
    Bytes input(copy.data(), copy.size());
    apps::BundleError error;
    if (!apps::parse_bundle(input, bundle, error)) {
        check(error.reason != nullptr);
        return 0;
    }
    check(bundle.entry_count >= 1 && bundle.entry_count <= apps::kMaxBundleEntries);
    for (size_t i = 0; i < bundle.entry_count; ++i) {
        check(inside(bundle.entries[i].name.data(), bundle.entries[i].name.length(), input));
        check(inside(bundle.entries[i].data.data(), bundle.entries[i].data.size(), input));
    }
    const apps::Manifest& manifest = bundle.manifest;
    check(apps::is_valid_app_name(manifest.name));
    check(inside(manifest.version.data(), manifest.version.length(), input));
    check(bundle.find(manifest.entry) != nullptr);
    for (size_t i = 0; i < manifest.directory_count; ++i)
        check(inside(manifest.directories[i].guest.data(), manifest.directories[i].guest.length(),
                     input));
    return 0;
}
