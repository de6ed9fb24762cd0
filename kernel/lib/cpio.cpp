#include <lib/cpio.h>
#include <lib/optional.h>

namespace mica {

namespace {

// The newc header: a 6-character magic, then thirteen 8-digit hexadecimal fields, in this order.
enum HeaderField : size_t {
    kInode,
    kMode,
    kUid,
    kGid,
    kLinkCount,
    kMtime,
    kFileSize,
    kDevMajor,
    kDevMinor,
    kRdevMajor,
    kRdevMinor,
    kNameSize,
    kCheck,
};

constexpr size_t kMagicSize = 6;
constexpr size_t kFieldSize = 8;
constexpr StringView kMagicPlain = "070701";
constexpr StringView kMagicChecksum = "070702"; // data checksum in the check field
constexpr StringView kTrailerName = "TRAILER!!!";
// PATH_MAX, counting the NUL: no name the archive builder writes comes near it.
constexpr uint32_t kMaxNameSize = 4096;

uint64_t align4(uint64_t value) { return (value + 3) & ~uint64_t{3}; }

Optional<uint32_t> hex_digit(uint8_t c) {
    if (c >= '0' && c <= '9')
        return uint32_t(c - '0');
    if (c >= 'a' && c <= 'f')
        return uint32_t(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return uint32_t(c - 'A' + 10);
    return {};
}

struct Decoded {
    CpioEntry entry;
    size_t next; // offset of the following header
    bool is_trailer;
};

Error fail(Error error, const char* why, const char** reason) {
    if (reason)
        *reason = why;
    return error;
}

Result<uint32_t> field(const uint8_t* header, HeaderField which, const char** reason) {
    const uint8_t* digits = header + kMagicSize + which * kFieldSize;
    uint32_t value = 0;
    for (size_t i = 0; i < kFieldSize; ++i) {
        auto digit = hex_digit(digits[i]);
        if (!digit)
            return fail(Error::Malformed, "header field has a non-hexadecimal digit", reason);
        value = value << 4 | digit.value();
    }
    return value;
}

// Checks and decodes the entry whose header starts at `offset`.
Result<Decoded> decode(Bytes archive, size_t offset, const char** reason) {
    uint64_t size = archive.size();
    if (offset > size || size - offset < CpioArchive::kHeaderSize)
        return fail(Error::Truncated, "archive ends without a TRAILER!!! entry", reason);
    const uint8_t* header = archive.data() + offset;
    StringView magic(reinterpret_cast<const char*>(header), kMagicSize);
    if (magic != kMagicPlain && magic != kMagicChecksum)
        return fail(Error::Malformed, "entry header has no newc magic (070701 or 070702)", reason);

    Decoded decoded{};
    CpioEntry& entry = decoded.entry;
    entry.inode = TRY(field(header, kInode, reason));
    entry.mode = TRY(field(header, kMode, reason));
    entry.link_count = TRY(field(header, kLinkCount, reason));
    entry.mtime = TRY(field(header, kMtime, reason));
    uint32_t file_size = TRY(field(header, kFileSize, reason));
    uint32_t name_size = TRY(field(header, kNameSize, reason));
    uint32_t check = TRY(field(header, kCheck, reason));
    // The fields no reader here needs are still required to be hexadecimal.
    static constexpr HeaderField kUnused[] = {kUid,      kGid,       kDevMajor,
                                              kDevMinor, kRdevMajor, kRdevMinor};
    for (HeaderField unused : kUnused)
        TRY(field(header, unused, reason));

    if (name_size == 0)
        return fail(Error::Malformed, "entry has an empty name (namesize 0)", reason);
    if (name_size > kMaxNameSize)
        return fail(Error::Malformed, "entry name is longer than PATH_MAX", reason);
    uint64_t name_offset = offset + CpioArchive::kHeaderSize;
    if (name_size > size - name_offset)
        return fail(Error::Truncated, "entry name runs past the end of the archive", reason);
    const char* name = reinterpret_cast<const char*>(archive.data() + name_offset);
    if (name[name_size - 1] != '\0')
        return fail(Error::Malformed, "entry name is not NUL-terminated", reason);
    entry.name = StringView(name, name_size - 1);
    if (entry.name.find('\0') != StringView::kNotFound)
        return fail(Error::Malformed, "entry name contains a NUL byte", reason);

    // The name is padded so that header plus name is a multiple of 4; so is the data.
    uint64_t data_offset = align4(name_offset + name_size);
    decoded.is_trailer = entry.name == kTrailerName;
    if (decoded.is_trailer) {
        decoded.next = size_t(data_offset);
        return decoded;
    }
    if (data_offset > size || file_size > size - data_offset)
        return fail(Error::Truncated, "entry data runs past the end of the archive", reason);
    entry.data = Bytes(archive.data() + data_offset, file_size);
    decoded.next = size_t(align4(data_offset + file_size));

    if (magic == kMagicChecksum && entry.is_regular_file()) {
        uint32_t sum = 0;
        for (uint8_t byte : entry.data)
            sum += byte;
        if (sum != check)
            return fail(Error::Malformed, "entry data does not match its 070702 checksum", reason);
    }
    return decoded;
}

// "./a/b", "/a/b" and "a/b" all name the same file.
StringView without_root(StringView path) {
    for (;;) {
        if (path.starts_with("./"))
            path = path.substring(2);
        else if (path.starts_with("/"))
            path = path.substring(1);
        else
            return path;
    }
}

} // namespace

Result<CpioArchive> CpioArchive::parse(Bytes archive, const char** reason) {
    size_t offset = 0;
    size_t count = 0;
    for (;;) {
        Decoded decoded = TRY(decode(archive, offset, reason));
        if (decoded.is_trailer)
            return CpioArchive(archive, offset, count);
        // Every entry is at least a header long, so the walk always moves forward and ends.
        offset = decoded.next;
        ++count;
    }
}

CpioEntry CpioArchive::Iterator::operator*() const {
    // parse() checked this entry; decoding it again cannot fail.
    return decode(m_archive, m_offset, nullptr).value().entry;
}

CpioArchive::Iterator& CpioArchive::Iterator::operator++() {
    m_offset = decode(m_archive, m_offset, nullptr).value().next;
    return *this;
}

Result<CpioEntry> CpioArchive::find(StringView path) const {
    StringView wanted = without_root(path);
    Optional<CpioEntry> found;
    for (CpioEntry entry : *this) {
        if (without_root(entry.name) == wanted)
            found = entry;
    }
    if (!found)
        return Error::NotFound;
    return found.value();
}

} // namespace mica
