#include "bundle.h"

#include <fs/partition/crc32.h>

namespace mica::apps {

namespace {

constexpr char kMagic[8] = {'M', 'I', 'C', 'A', 'A', 'P', 'P', '\0'};
constexpr uint8_t kWasmPreamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
constexpr size_t kEntryHeaderBytes = 8;

uint64_t read_le(Bytes bytes, size_t offset, size_t size) {
    uint64_t value = 0;
    for (size_t i = 0; i < size; ++i)
        value |= uint64_t(bytes[offset + i]) << (8 * i);
    return value;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool is_valid_entry_name(StringView name) {
    if (name.is_empty() || name.length() > kMaxEntryNameBytes || name[0] == '.')
        return false;
    for (char c : name) {
        if (!is_name_char(c))
            return false;
    }
    return true;
}

} // namespace

const BundleEntry* Bundle::find(StringView name) const {
    for (size_t i = 0; i < entry_count; ++i) {
        if (entries[i].name == name)
            return &entries[i];
    }
    return nullptr;
}

bool parse_bundle(Bytes file, Bundle& bundle, BundleError& error) {
    bundle.entry_count = 0;
    auto fail = [&](uint64_t offset, const char* reason) {
        error = BundleError{reason, offset, 0};
        return false;
    };
    if (file.size() < kBundleHeaderBytes)
        return fail(0, "shorter than the 32-byte header: not an app bundle");
    for (size_t i = 0; i < sizeof kMagic; ++i) {
        if (file[i] != uint8_t(kMagic[i]))
            return fail(0, "bad magic: not an app bundle");
    }
    if (read_le(file, 8, 4) != kBundleFormatVersion)
        return fail(8, "unsupported format version (this reader knows 1)");
    uint64_t count = read_le(file, 12, 4);
    if (count == 0 || count > kMaxBundleEntries)
        return fail(12, "entry count must be 1..64");
    if (read_le(file, 16, 8) != file.size())
        return fail(16, "file size in the header is not the file's size (truncated?)");
    if (read_le(file, 28, 4) != 0)
        return fail(28, "reserved header field is not zero");
    Bytes body = file.subspan(kBundleHeaderBytes);
    if (read_le(file, 24, 4) != fs::crc32(body))
        return fail(24, "checksum mismatch: the bundle is corrupt");

    size_t offset = kBundleHeaderBytes;
    for (uint64_t index = 0; index < count; ++index) {
        if (file.size() - offset < kEntryHeaderBytes)
            return fail(offset, "entry header runs past the end");
        uint64_t name_length = read_le(file, offset, 2);
        if (read_le(file, offset + 2, 2) != 0)
            return fail(offset + 2, "reserved entry field is not zero");
        uint64_t data_size = read_le(file, offset + 4, 4);
        size_t name_offset = offset + kEntryHeaderBytes;
        if (name_length == 0 || name_length > kMaxEntryNameBytes)
            return fail(offset, "entry name length must be 1..64");
        // 64-bit sums of values below 2^32 cannot wrap.
        uint64_t data_offset = uint64_t(name_offset) + name_length;
        uint64_t end = data_offset + data_size;
        if (end > file.size())
            return fail(offset, "entry runs past the end of the file");
        StringView name(reinterpret_cast<const char*>(file.data() + name_offset),
                        size_t(name_length));
        if (!is_valid_entry_name(name))
            return fail(name_offset, "entry name must be [a-z0-9._-], not starting with '.'");
        if (index == 0 && name != "manifest")
            return fail(name_offset, "the first entry must be the manifest");
        for (size_t i = 0; i < bundle.entry_count; ++i) {
            if (bundle.entries[i].name == name)
                return fail(name_offset, "two entries have the same name");
        }
        Bytes data = file.subspan(size_t(data_offset), size_t(data_size));
        if (name.ends_with(".wasm")) {
            if (data.size() < sizeof kWasmPreamble)
                return fail(data_offset, "a .wasm entry is not a WebAssembly module");
            for (size_t i = 0; i < sizeof kWasmPreamble; ++i) {
                if (data[i] != kWasmPreamble[i])
                    return fail(data_offset, "a .wasm entry is not a WebAssembly 1 module");
            }
        }
        uint64_t padded = (end + 7) & ~uint64_t(7);
        if (padded > file.size())
            return fail(end, "entry padding runs past the end of the file");
        for (uint64_t i = end; i < padded; ++i) {
            if (file[size_t(i)] != 0)
                return fail(i, "entry padding is not zero");
        }
        bundle.entries[bundle.entry_count++] = {name, data};
        offset = size_t(padded);
    }
    if (offset != file.size())
        return fail(offset, "bytes after the last entry");

    Bytes manifest = bundle.entries[0].data;
    StringView text(reinterpret_cast<const char*>(manifest.data()), manifest.size());
    if (!parse_manifest(text, bundle.manifest, error))
        return false;
    const BundleEntry* entry = bundle.find(bundle.manifest.entry);
    if (!entry) {
        error = BundleError{"the manifest's entry module is not in the bundle", 0, 0};
        return false;
    }
    return true;
}

} // namespace mica::apps
