#include <lib/bytes.h>
#include <lib/fdt.h>

namespace mica {

namespace {

// Byte offsets of the header fields (Devicetree Specification, "Header").
enum HeaderField : size_t {
    kMagicField = 0,
    kTotalSize = 4,
    kStructOffset = 8,
    kStringsOffset = 12,
    kReservationsOffset = 16,
    kVersion = 20,
    kLastCompatibleVersion = 24,
    kBootCpuId = 28,
    kStringsSize = 32,
    kStructSize = 36, // version 17 and later
};

constexpr uint32_t kOldestVersion = 16;
constexpr uint32_t kNewestVersion = 17;
constexpr size_t kReservationSize = 16;

uint32_t header_field(const uint8_t* blob, HeaderField field) { return load_be32(blob + field); }

// Whether [offset, offset + size) lies inside a blob of `total` bytes, without overflow.
bool block_fits(uint64_t offset, uint64_t size, uint64_t total) {
    return offset <= total && size <= total - offset;
}

// Finds a NUL in [start, end); returns the string length, or nothing if it is unterminated.
Optional<uint32_t> bounded_length(const uint8_t* blob, uint64_t start, uint64_t end) {
    for (uint64_t i = start; i < end; ++i) {
        if (blob[i] == '\0')
            return uint32_t(i - start);
    }
    return {};
}

uint64_t align4(uint64_t value) { return (value + 3) & ~uint64_t{3}; }

Result<void> check_reservations(const uint8_t* blob, uint64_t offset, uint64_t total) {
    for (;; offset += kReservationSize) {
        if (!block_fits(offset, kReservationSize, total))
            return Error::Truncated;
        if (load_be64(blob + offset) == 0 && load_be64(blob + offset + 8) == 0)
            return {};
    }
}

struct Blocks {
    uint64_t struct_begin;
    uint64_t struct_end;
    uint64_t strings_begin;
    uint64_t strings_end;
};

// The one full walk of the structure block. After it: tokens nest (one root, every begin has
// its end, FDT_END follows the root), every name and value lies inside the block, every
// property name offset points at a terminated string, and properties precede subnodes.
// Returns the offset of the root's begin token.
Result<uint32_t> check_structure(const uint8_t* blob, const Blocks& blocks) {
    uint64_t offset = blocks.struct_begin;
    size_t depth = 0;
    Optional<uint32_t> root;
    bool root_closed = false;
    uint32_t previous = fdt::kNop; // the last token other than a NOP

    for (;;) {
        if (blocks.struct_end - offset < 4)
            return Error::Truncated;
        uint32_t token = load_be32(blob + offset);
        uint64_t next = 0;
        switch (token) {
        case fdt::kBeginNode: {
            if (root_closed)
                return Error::Malformed; // a second root
            auto length = bounded_length(blob, offset + 4, blocks.struct_end);
            if (!length)
                return Error::Malformed;
            // The root is named "" since version 16; any other node needs a name.
            if ((depth == 0) != (length.value() == 0))
                return Error::Malformed;
            if (depth == fdt::kMaxDepth)
                return Error::Unsupported;
            if (depth == 0)
                root = uint32_t(offset);
            ++depth;
            next = align4(offset + 4 + length.value() + 1);
            break;
        }
        case fdt::kEndNode:
            if (depth == 0)
                return Error::Malformed;
            if (--depth == 0)
                root_closed = true;
            next = offset + 4;
            break;
        case fdt::kProperty: {
            if (depth == 0 || (previous != fdt::kBeginNode && previous != fdt::kProperty))
                return Error::Malformed;
            if (blocks.struct_end - offset < 12)
                return Error::Truncated;
            uint64_t length = load_be32(blob + offset + 4);
            uint64_t name_offset = load_be32(blob + offset + 8);
            if (length > blocks.struct_end - offset - 12)
                return Error::Truncated;
            if (name_offset >= blocks.strings_end - blocks.strings_begin)
                return Error::Malformed;
            if (!bounded_length(blob, blocks.strings_begin + name_offset, blocks.strings_end))
                return Error::Malformed;
            next = align4(offset + 12 + length);
            break;
        }
        case fdt::kNop: next = offset + 4; break;
        case fdt::kEnd:
            if (!root_closed)
                return Error::Malformed; // no root, or a node left open
            return root.value();
        default: return Error::Malformed;
        }
        if (next > blocks.struct_end)
            return Error::Truncated;
        if (token != fdt::kNop)
            previous = token;
        offset = next;
    }
}

} // namespace

Result<Fdt> Fdt::parse(const void* blob, size_t max_size) {
    if (!blob || max_size < kHeaderSize)
        return Error::Truncated;
    const uint8_t* bytes = static_cast<const uint8_t*>(blob);
    if (header_field(bytes, kMagicField) != kMagic)
        return Error::Malformed;
    uint32_t total = header_field(bytes, kTotalSize);
    if (total > max_size)
        return Error::Truncated;
    return parse(Bytes(bytes, total));
}

Result<Fdt> Fdt::parse(Bytes blob) {
    if (blob.size() < kHeaderSize)
        return Error::Truncated;
    const uint8_t* bytes = blob.data();
    if (header_field(bytes, kMagicField) != kMagic)
        return Error::Malformed;
    uint64_t total = header_field(bytes, kTotalSize);
    if (total < kHeaderSize)
        return Error::Malformed;
    if (total > blob.size())
        return Error::Truncated;
    uint32_t version = header_field(bytes, kVersion);
    if (version < kOldestVersion || header_field(bytes, kLastCompatibleVersion) > kNewestVersion)
        return Error::Unsupported;

    Blocks blocks{};
    blocks.struct_begin = header_field(bytes, kStructOffset);
    blocks.strings_begin = header_field(bytes, kStringsOffset);
    uint64_t strings_size = header_field(bytes, kStringsSize);
    uint64_t reservations = header_field(bytes, kReservationsOffset);
    // Version 16 headers do not record the structure block's size; it runs at most to the end.
    uint64_t struct_size = version >= 17
                               ? header_field(bytes, kStructSize)
                               : (blocks.struct_begin <= total ? total - blocks.struct_begin : 0);
    if (!block_fits(blocks.struct_begin, struct_size, total) ||
        !block_fits(blocks.strings_begin, strings_size, total))
        return Error::Truncated;
    // Tokens are 32-bit and reservation entries 64-bit aligned within the blob.
    if (blocks.struct_begin % 4 != 0 || reservations % 8 != 0)
        return Error::Malformed;
    blocks.struct_end = blocks.struct_begin + struct_size;
    blocks.strings_end = blocks.strings_begin + strings_size;

    TRY(check_reservations(bytes, reservations, total));
    uint32_t root = TRY(check_structure(bytes, blocks));
    return Fdt(bytes, root);
}

uint32_t Fdt::total_size() const { return header_field(m_blob, kTotalSize); }
uint32_t Fdt::version() const { return header_field(m_blob, kVersion); }
uint32_t Fdt::boot_cpu_id() const { return header_field(m_blob, kBootCpuId); }

Optional<StringView> Fdt::alias(StringView name) const {
    auto aliases = root().child("aliases");
    if (!aliases)
        return {};
    return aliases->property_string(name);
}

Optional<FdtNode> Fdt::find_relative(FdtNode from, StringView path) const {
    FdtNode node = from;
    size_t start = 0;
    while (start < path.length()) {
        size_t slash = path.find('/', start);
        size_t end = slash == StringView::kNotFound ? path.length() : slash;
        StringView component = path.substring(start, end - start);
        start = end + 1;
        if (component.is_empty())
            continue; // "//" or a trailing '/'
        auto child = node.child(component);
        if (!child)
            return {};
        node = child.value();
    }
    return node;
}

Optional<FdtNode> Fdt::find_node(StringView path) const {
    if (path.is_empty())
        return {};
    if (path[0] == '/')
        return find_relative(root(), path);

    size_t slash = path.find('/');
    StringView name = path.substring(0, slash);
    auto target = alias(name);
    // An alias must name an absolute path; refusing others also stops alias loops.
    if (!target || target->is_empty() || target.value()[0] != '/')
        return {};
    auto node = find_relative(root(), target.value());
    if (!node || slash == StringView::kNotFound)
        return node;
    return find_relative(node.value(), path.substring(slash));
}

Optional<FdtNode> Fdt::find_by_phandle(uint32_t phandle) const {
    // 0 and ~0 are not valid phandles (the spec reserves them).
    if (phandle == 0 || phandle == ~uint32_t{0})
        return {};
    FdtWalker walker(root());
    while (auto node = walker.next()) {
        if (node->phandle().value_or(0) == phandle)
            return node;
    }
    return {};
}

Optional<FdtNode> Fdt::find_compatible(StringView compatible) const {
    FdtWalker walker(root());
    while (auto node = walker.next()) {
        if (node->is_compatible(compatible))
            return node;
    }
    return {};
}

FdtReservations Fdt::reservations() const {
    return FdtReservations(m_blob + header_field(m_blob, kReservationsOffset));
}

FdtReservations::Iterator::Iterator(const uint8_t* entry) : m_entry(entry) {}

FdtReservation FdtReservations::Iterator::operator*() const {
    return {load_be64(m_entry), load_be64(m_entry + 8)};
}

FdtReservations::Iterator& FdtReservations::Iterator::operator++() {
    m_entry += kReservationSize;
    return *this;
}

FdtReservations::Iterator FdtReservations::end() const {
    // parse() saw the terminator, so this stays inside the blob.
    const uint8_t* entry = m_first;
    while (load_be64(entry) != 0 || load_be64(entry + 8) != 0)
        entry += kReservationSize;
    return Iterator(entry);
}

size_t FdtReservations::count() const {
    size_t n = 0;
    for (auto it = begin(), stop = end(); it != stop; ++it)
        ++n;
    return n;
}

} // namespace mica
