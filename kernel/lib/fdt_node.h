#pragma once
// Nodes and properties of a parsed Flattened Devicetree (see fdt.h). Every type here is a small
// view into the blob: cheap to copy, valid as long as the blob is. They are only ever created
// from a blob that Fdt::parse() has walked completely, so traversal does not re-check bounds.

#include <lib/optional.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <lib/types.h>

namespace mica {

namespace fdt {
// Structure-block tokens (Devicetree Specification, "Structure Block").
enum Token : uint32_t {
    kBeginNode = 1,
    kEndNode = 2,
    kProperty = 3,
    kNop = 4,
    kEnd = 9,
};
// Parse refuses deeper trees, so a walker can keep its path in a fixed array.
constexpr size_t kMaxDepth = 64;
// What a node's children use when it has no #address-cells / #size-cells (the spec's defaults).
constexpr uint32_t kDefaultAddressCells = 2;
constexpr uint32_t kDefaultSizeCells = 1;
// Offset value meaning "no node" (the root's parent).
constexpr uint32_t kNoNode = ~uint32_t{0};
} // namespace fdt

// The strings of a string-list property ("a\0b\0c\0"). A trailing piece without its NUL is not
// a string and is not visited.
class FdtStringList {
public:
    class Iterator {
    public:
        StringView operator*() const { return m_current; }
        Iterator& operator++();
        bool operator!=(const Iterator& other) const {
            return m_rest.data() != other.m_rest.data();
        }

    private:
        friend class FdtStringList;
        Iterator(Bytes rest);
        Bytes m_rest; // starts at m_current; empty at the end
        StringView m_current;
    };

    explicit FdtStringList(Bytes value) : m_value(value) {}
    Iterator begin() const { return Iterator(m_value); }
    Iterator end() const { return Iterator(m_value.subspan(m_value.size())); }
    bool contains(StringView string) const;

private:
    Bytes m_value;
};

class FdtProperty {
public:
    FdtProperty() = default;
    FdtProperty(StringView name, Bytes value) : m_name(name), m_value(value) {}

    StringView name() const { return m_name; }
    Bytes value() const { return m_value; }
    bool is_empty() const { return m_value.is_empty(); }

    // Exactly one 32-bit cell.
    Optional<uint32_t> as_u32() const;
    // Exactly two cells, high first.
    Optional<uint64_t> as_u64() const;
    // One or two cells; for properties that firmware writes in either width (linux,initrd-*).
    Optional<uint64_t> as_integer() const;
    // The first string of the value; nothing if the value is not NUL-terminated.
    Optional<StringView> as_string() const;
    FdtStringList as_string_list() const { return FdtStringList(m_value); }

    size_t cell_count() const { return m_value.size() / 4; }
    Optional<uint32_t> cell(size_t index) const;

private:
    StringView m_name;
    Bytes m_value;
};

// One {address, size} pair of a `reg` property, already widened to 64 bits.
struct FdtReg {
    uint64_t address = 0;
    uint64_t size = 0;
};

// A decoded `reg` property: the cell counts come from the node's parent.
class FdtRegList {
public:
    FdtRegList(Bytes value, uint32_t address_cells, uint32_t size_cells)
        : m_value(value), m_address_cells(address_cells), m_size_cells(size_cells) {}

    size_t count() const { return m_value.size() / entry_size(); }
    FdtReg operator[](size_t index) const;

    // Holds its own copy of the view, so it does not depend on the list object living on.
    class Iterator {
    public:
        FdtReg operator*() const {
            return FdtRegList(m_value, m_address_cells, m_size_cells)[m_index];
        }
        Iterator& operator++() {
            ++m_index;
            return *this;
        }
        bool operator!=(const Iterator& other) const { return m_index != other.m_index; }

    private:
        friend class FdtRegList;
        Iterator(const FdtRegList& list, size_t index)
            : m_value(list.m_value), m_address_cells(list.m_address_cells),
              m_size_cells(list.m_size_cells), m_index(index) {}
        Bytes m_value;
        uint32_t m_address_cells;
        uint32_t m_size_cells;
        size_t m_index;
    };
    Iterator begin() const { return Iterator(*this, 0); }
    Iterator end() const { return Iterator(*this, count()); }

private:
    size_t entry_size() const { return (m_address_cells + m_size_cells) * 4; }
    Bytes m_value;
    uint32_t m_address_cells;
    uint32_t m_size_cells;
};

class FdtNode;

class FdtProperties {
public:
    class Iterator {
    public:
        FdtProperty operator*() const;
        Iterator& operator++();
        bool operator!=(const Iterator& other) const { return m_offset != other.m_offset; }

    private:
        friend class FdtProperties;
        Iterator(const uint8_t* blob, uint32_t offset);
        const uint8_t* m_blob;
        uint32_t m_offset; // a property token, or the first token after the properties
    };

    Iterator begin() const { return Iterator(m_blob, m_first); }
    Iterator end() const;

private:
    friend class FdtNode;
    FdtProperties(const uint8_t* blob, uint32_t first) : m_blob(blob), m_first(first) {}
    const uint8_t* m_blob;
    uint32_t m_first;
};

class FdtChildren {
public:
    class Iterator {
    public:
        FdtNode operator*() const;
        Iterator& operator++();
        bool operator!=(const Iterator& other) const { return m_offset != other.m_offset; }

    private:
        friend class FdtChildren;
        Iterator(const uint8_t* blob, uint32_t offset, uint32_t parent);
        const uint8_t* m_blob;
        uint32_t m_offset; // a child's begin token, or the parent's end token
        uint32_t m_parent;
    };

    Iterator begin() const { return Iterator(m_blob, m_first, m_parent); }
    Iterator end() const;

private:
    friend class FdtNode;
    FdtChildren(const uint8_t* blob, uint32_t first, uint32_t parent)
        : m_blob(blob), m_first(first), m_parent(parent) {}
    const uint8_t* m_blob;
    uint32_t m_first;
    uint32_t m_parent;
};

class FdtNode {
public:
    // "serial@10000000"; the root's name is empty.
    StringView name() const;
    // The name without its unit address: "serial".
    StringView base_name() const;
    // The part after '@', empty if there is none.
    StringView unit_address() const;
    bool is_root() const { return m_parent == fdt::kNoNode; }

    // Finding the parent's own parent needs a walk from the root, so this costs O(tree size).
    Optional<FdtNode> parent() const;
    FdtChildren children() const;
    // Exact name match first; a name without '@' then matches a child's base name, so that
    // "memory" finds "memory@40000000".
    Optional<FdtNode> child(StringView name) const;

    FdtProperties properties() const;
    Optional<FdtProperty> property(StringView name) const;
    bool has_property(StringView name) const { return property(name).has_value(); }
    Optional<uint32_t> property_u32(StringView name) const;
    Optional<StringView> property_string(StringView name) const;

    bool is_compatible(StringView compatible) const;
    // True when `status` is absent, "okay" or "ok".
    bool is_enabled() const;
    Optional<uint32_t> phandle() const;

    // The cell counts this node sets for its children's `reg` (spec defaults when absent).
    uint32_t address_cells() const;
    uint32_t size_cells() const;

    // This node's `reg`, decoded with its parent's cell counts. NotFound without `reg`,
    // Unsupported for cells wider than 64 bits (PCI), Malformed if the length does not divide.
    Result<FdtRegList> reg() const;
    // Translates an address on this node's parent bus to a CPU physical address through the
    // `ranges` of every ancestor bus. NotFound if some bus does not map it.
    Result<uint64_t> translate_address(uint64_t bus_address) const;

    bool operator==(const FdtNode& other) const {
        return m_blob == other.m_blob && m_offset == other.m_offset;
    }

private:
    friend class Fdt;
    friend class FdtWalker;
    friend class FdtChildren;
    // Only Optional may hold an empty node; nobody else can make one.
    template <typename>
    friend class Optional;
    FdtNode() = default;
    FdtNode(const uint8_t* blob, uint32_t offset, uint32_t parent)
        : m_blob(blob), m_offset(offset), m_parent(parent) {}
    uint32_t first_after_name() const;

    const uint8_t* m_blob = nullptr;
    uint32_t m_offset = 0;            // of the node's begin token, from the start of the blob
    uint32_t m_parent = fdt::kNoNode; // the parent's offset
};

// Visits `top` and everything below it in document order (depth first), each node with its
// parent known.
class FdtWalker {
public:
    explicit FdtWalker(const FdtNode& top)
        : m_blob(top.m_blob), m_offset(top.m_offset), m_top_parent(top.m_parent) {}
    Optional<FdtNode> next();

private:
    const uint8_t* m_blob;
    uint32_t m_offset; // the next token to look at; fdt::kNoNode once done
    uint32_t m_top_parent;
    uint32_t m_path[fdt::kMaxDepth]{}; // begin-token offsets of the open nodes
    size_t m_depth = 0;
};

} // namespace mica
