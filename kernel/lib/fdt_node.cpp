#include <lib/bytes.h>
#include <lib/fdt_node.h>

// Everything here runs on blobs Fdt::parse() has already walked, so token offsets, name lengths
// and property lengths are known to stay inside the structure block.

namespace mica {

namespace {

constexpr size_t kStringsOffsetField = 12; // header field: where the strings block starts
constexpr size_t kStructOffsetField = 8;   // header field: where the structure block starts

uint32_t token_at(const uint8_t* blob, uint32_t offset) { return load_be32(blob + offset); }
uint32_t align4(uint32_t value) { return (value + 3) & ~uint32_t{3}; }

StringView name_at(const uint8_t* blob, uint32_t begin) {
    const char* name = reinterpret_cast<const char*>(blob + begin + 4);
    size_t length = 0;
    while (name[length] != '\0')
        ++length;
    return StringView(name, length);
}

uint32_t skip_name(const uint8_t* blob, uint32_t begin) {
    return align4(begin + 4 + uint32_t(name_at(blob, begin).length()) + 1);
}

uint32_t skip_property(const uint8_t* blob, uint32_t offset) {
    return align4(offset + 12 + load_be32(blob + offset + 4));
}

uint32_t skip_nops(const uint8_t* blob, uint32_t offset) {
    while (token_at(blob, offset) == fdt::kNop)
        offset += 4;
    return offset;
}

// The offset just past the end token that closes the node beginning at `begin`.
uint32_t skip_node(const uint8_t* blob, uint32_t begin) {
    size_t depth = 0;
    uint32_t offset = begin;
    for (;;) {
        switch (token_at(blob, offset)) {
        case fdt::kBeginNode:
            ++depth;
            offset = skip_name(blob, offset);
            break;
        case fdt::kEndNode:
            offset += 4;
            if (--depth == 0)
                return offset;
            break;
        case fdt::kProperty: offset = skip_property(blob, offset); break;
        default: offset += 4; break; // NOP; FDT_END cannot occur inside a node
        }
    }
}

FdtProperty property_at(const uint8_t* blob, uint32_t offset) {
    const uint8_t* strings = blob + load_be32(blob + kStringsOffsetField);
    const char* name = reinterpret_cast<const char*>(strings + load_be32(blob + offset + 8));
    return FdtProperty(StringView(name), Bytes(blob + offset + 12, load_be32(blob + offset + 4)));
}

// Reads a big-endian number of up to two cells.
uint64_t read_cells(const uint8_t* p, uint32_t cells) {
    uint64_t value = 0;
    for (uint32_t i = 0; i < cells; ++i)
        value = value << 32 | load_be32(p + 4 * i);
    return value;
}

constexpr uint32_t kMaxCells = 2; // what fits in 64 bits

} // namespace

// --- FdtStringList ---------------------------------------------------------------------------

FdtStringList::Iterator::Iterator(Bytes rest) : m_rest(rest) {
    for (size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '\0') {
            m_current = StringView(reinterpret_cast<const char*>(rest.data()), i);
            return;
        }
    }
    m_rest = rest.subspan(rest.size()); // no terminated string left: this is the end
}

FdtStringList::Iterator& FdtStringList::Iterator::operator++() {
    *this = Iterator(m_rest.subspan(m_current.length() + 1));
    return *this;
}

bool FdtStringList::contains(StringView string) const {
    for (StringView entry : *this) {
        if (entry == string)
            return true;
    }
    return false;
}

// --- FdtProperty ---------------------------------------------------------------------------

Optional<uint32_t> FdtProperty::as_u32() const {
    if (m_value.size() != 4)
        return {};
    return load_be32(m_value.data());
}

Optional<uint64_t> FdtProperty::as_u64() const {
    if (m_value.size() != 8)
        return {};
    return load_be64(m_value.data());
}

Optional<uint64_t> FdtProperty::as_integer() const {
    if (m_value.size() == 4)
        return uint64_t(load_be32(m_value.data()));
    return as_u64();
}

Optional<StringView> FdtProperty::as_string() const {
    for (size_t i = 0; i < m_value.size(); ++i) {
        if (m_value[i] == '\0')
            return StringView(reinterpret_cast<const char*>(m_value.data()), i);
    }
    return {};
}

Optional<uint32_t> FdtProperty::cell(size_t index) const {
    if (index >= cell_count())
        return {};
    return load_be32(m_value.data() + 4 * index);
}

// --- FdtRegList ----------------------------------------------------------------------------

FdtReg FdtRegList::operator[](size_t index) const {
    const uint8_t* entry = m_value.data() + index * entry_size();
    return {read_cells(entry, m_address_cells),
            read_cells(entry + 4 * m_address_cells, m_size_cells)};
}

// --- Iteration -----------------------------------------------------------------------------

FdtProperties::Iterator::Iterator(const uint8_t* blob, uint32_t offset) : m_blob(blob) {
    offset = skip_nops(blob, offset);
    m_offset = token_at(blob, offset) == fdt::kProperty ? offset : fdt::kNoNode;
}

FdtProperty FdtProperties::Iterator::operator*() const { return property_at(m_blob, m_offset); }

FdtProperties::Iterator& FdtProperties::Iterator::operator++() {
    *this = Iterator(m_blob, skip_property(m_blob, m_offset));
    return *this;
}

FdtProperties::Iterator FdtProperties::end() const {
    Iterator it(m_blob, m_first);
    it.m_offset = fdt::kNoNode;
    return it;
}

FdtChildren::Iterator::Iterator(const uint8_t* blob, uint32_t offset, uint32_t parent)
    : m_blob(blob), m_parent(parent) {
    offset = skip_nops(blob, offset);
    m_offset = token_at(blob, offset) == fdt::kBeginNode ? offset : fdt::kNoNode;
}

FdtNode FdtChildren::Iterator::operator*() const { return FdtNode(m_blob, m_offset, m_parent); }

FdtChildren::Iterator& FdtChildren::Iterator::operator++() {
    *this = Iterator(m_blob, skip_node(m_blob, m_offset), m_parent);
    return *this;
}

FdtChildren::Iterator FdtChildren::end() const {
    Iterator it(m_blob, m_first, m_parent);
    it.m_offset = fdt::kNoNode;
    return it;
}

Optional<FdtNode> FdtWalker::next() {
    while (m_offset != fdt::kNoNode) {
        switch (token_at(m_blob, m_offset)) {
        case fdt::kBeginNode: {
            uint32_t parent = m_depth ? m_path[m_depth - 1] : m_top_parent;
            FdtNode node(m_blob, m_offset, parent);
            m_path[m_depth++] = m_offset;
            m_offset = skip_name(m_blob, m_offset);
            return node;
        }
        case fdt::kEndNode:
            m_offset += 4;
            if (--m_depth == 0)
                m_offset = fdt::kNoNode; // left the node the walk started at
            break;
        case fdt::kProperty: m_offset = skip_property(m_blob, m_offset); break;
        case fdt::kNop: m_offset += 4; break;
        default: m_offset = fdt::kNoNode; break;
        }
    }
    return {};
}

// --- FdtNode -------------------------------------------------------------------------------

StringView FdtNode::name() const { return name_at(m_blob, m_offset); }

StringView FdtNode::base_name() const {
    StringView full = name();
    return full.substring(0, full.find('@'));
}

StringView FdtNode::unit_address() const {
    StringView full = name();
    size_t at = full.find('@');
    return at == StringView::kNotFound ? StringView() : full.substring(at + 1);
}

uint32_t FdtNode::first_after_name() const { return skip_name(m_blob, m_offset); }

Optional<FdtNode> FdtNode::parent() const {
    if (is_root())
        return {};
    uint32_t root = skip_nops(m_blob, load_be32(m_blob + kStructOffsetField));
    FdtWalker walker(FdtNode(m_blob, root, fdt::kNoNode));
    while (auto node = walker.next()) {
        if (node->m_offset == m_parent)
            return node;
    }
    return {};
}

FdtChildren FdtNode::children() const {
    uint32_t offset = skip_nops(m_blob, first_after_name());
    while (token_at(m_blob, offset) == fdt::kProperty)
        offset = skip_nops(m_blob, skip_property(m_blob, offset));
    return FdtChildren(m_blob, offset, m_offset);
}

Optional<FdtNode> FdtNode::child(StringView name) const {
    for (FdtNode node : children()) {
        if (node.name() == name)
            return node;
    }
    if (name.find('@') != StringView::kNotFound)
        return {};
    for (FdtNode node : children()) {
        if (node.base_name() == name)
            return node;
    }
    return {};
}

FdtProperties FdtNode::properties() const { return FdtProperties(m_blob, first_after_name()); }

Optional<FdtProperty> FdtNode::property(StringView name) const {
    for (FdtProperty property : properties()) {
        if (property.name() == name)
            return property;
    }
    return {};
}

Optional<uint32_t> FdtNode::property_u32(StringView name) const {
    auto found = property(name);
    return found ? found->as_u32() : Optional<uint32_t>();
}

Optional<StringView> FdtNode::property_string(StringView name) const {
    auto found = property(name);
    return found ? found->as_string() : Optional<StringView>();
}

bool FdtNode::is_compatible(StringView compatible) const {
    auto found = property("compatible");
    return found && found->as_string_list().contains(compatible);
}

bool FdtNode::is_enabled() const {
    auto status = property("status");
    if (!status)
        return true;
    auto text = status->as_string();
    return text && (text.value() == "okay" || text.value() == "ok");
}

Optional<uint32_t> FdtNode::phandle() const {
    if (auto value = property_u32("phandle"))
        return value;
    return property_u32("linux,phandle"); // what old firmware writes
}

uint32_t FdtNode::address_cells() const {
    return property_u32("#address-cells").value_or(fdt::kDefaultAddressCells);
}

uint32_t FdtNode::size_cells() const {
    return property_u32("#size-cells").value_or(fdt::kDefaultSizeCells);
}

Result<FdtRegList> FdtNode::reg() const {
    auto value = property("reg");
    if (!value)
        return Error::NotFound;
    uint32_t address_cells = fdt::kDefaultAddressCells;
    uint32_t size_cells = fdt::kDefaultSizeCells;
    if (!is_root()) {
        // Only the parent's own properties are needed, not its place in the tree.
        FdtNode parent(m_blob, m_parent, fdt::kNoNode);
        address_cells = parent.address_cells();
        size_cells = parent.size_cells();
    }
    if (address_cells > kMaxCells || size_cells > kMaxCells)
        return Error::Unsupported;
    if (address_cells == 0)
        return Error::Malformed;
    if (value->value().size() % ((address_cells + size_cells) * 4) != 0)
        return Error::Malformed;
    return FdtRegList(value->value(), address_cells, size_cells);
}

Result<uint64_t> FdtNode::translate_address(uint64_t bus_address) const {
    uint64_t address = bus_address;
    Optional<FdtNode> bus = parent();
    while (bus && !bus->is_root()) {
        Optional<FdtNode> outer = bus->parent();
        auto ranges = bus->property("ranges");
        if (!ranges || !outer)
            return Error::NotFound; // the bus does not map its children into its parent
        if (!ranges->is_empty()) {  // an empty `ranges` is the identity mapping
            uint32_t child_cells = bus->address_cells();
            uint32_t parent_cells = outer->address_cells();
            uint32_t size_cells = bus->size_cells();
            if (child_cells > kMaxCells || parent_cells > kMaxCells || size_cells > kMaxCells)
                return Error::Unsupported;
            size_t entry_size = (child_cells + parent_cells + size_cells) * 4;
            Bytes value = ranges->value();
            if (entry_size == 0 || value.size() % entry_size != 0)
                return Error::Malformed;
            bool mapped = false;
            for (size_t offset = 0; offset < value.size(); offset += entry_size) {
                const uint8_t* entry = value.data() + offset;
                uint64_t child_base = read_cells(entry, child_cells);
                uint64_t parent_base = read_cells(entry + 4 * child_cells, parent_cells);
                uint64_t size = read_cells(entry + 4 * (child_cells + parent_cells), size_cells);
                if (address >= child_base && address - child_base < size) {
                    address = parent_base + (address - child_base);
                    mapped = true;
                    break;
                }
            }
            if (!mapped)
                return Error::NotFound;
        }
        bus = outer;
    }
    return address;
}

} // namespace mica
