#pragma once
// A Flattened Devicetree (DTB) reader. The blob comes from firmware or a boot loader and is not
// trusted: Fdt::parse() checks the header and walks the whole structure block once (token
// nesting, name and property bounds, string offsets), and only then hands out nodes. Everything
// after parse() may rely on that walk instead of re-checking bounds on every access.
//
//   auto fdt = TRY(Fdt::parse(bytes));
//   if (auto uart = fdt.find_node("/soc/serial@10000000"))
//       auto regs = TRY(uart->reg());
//
// Nothing is copied or allocated: nodes, properties and strings are views into the blob.

#include <lib/fdt_node.h>

namespace mica {

// One entry of the memory reservation block: memory the OS must not use.
struct FdtReservation {
    uint64_t address = 0;
    uint64_t size = 0;
};

class FdtReservations {
public:
    class Iterator {
    public:
        FdtReservation operator*() const;
        Iterator& operator++();
        bool operator!=(const Iterator& other) const { return m_entry != other.m_entry; }

    private:
        friend class FdtReservations;
        explicit Iterator(const uint8_t* entry);
        const uint8_t* m_entry; // the terminating all-zero entry at the end
    };

    Iterator begin() const { return Iterator(m_first); }
    Iterator end() const;
    size_t count() const;

private:
    friend class Fdt;
    explicit FdtReservations(const uint8_t* first) : m_first(first) {}
    const uint8_t* m_first;
};

class Fdt {
public:
    static constexpr uint32_t kMagic = 0xd00dfeed;
    static constexpr size_t kHeaderSize = 40;

    // Parses a blob of exactly the bytes available; the header's totalsize must fit in them.
    static Result<Fdt> parse(Bytes blob);
    // For a blob known only by its address: reads totalsize from the header, reading nothing
    // beyond `max_size` bytes.
    static Result<Fdt> parse(const void* blob, size_t max_size);

    Bytes bytes() const { return Bytes(m_blob, total_size()); }
    uint32_t total_size() const;
    uint32_t version() const;
    uint32_t boot_cpu_id() const;

    FdtNode root() const { return FdtNode(m_blob, m_root, fdt::kNoNode); }
    // An absolute path ("/soc/serial@10000000", "/memory") or one starting with an alias
    // ("serial0", "serial0/child"). Unit addresses may be left out where unambiguous.
    Optional<FdtNode> find_node(StringView path) const;
    // The path an /aliases entry stands for.
    Optional<StringView> alias(StringView name) const;
    Optional<FdtNode> find_by_phandle(uint32_t phandle) const;
    // The first node in document order whose `compatible` lists `compatible`.
    Optional<FdtNode> find_compatible(StringView compatible) const;

    FdtReservations reservations() const;

private:
    Fdt(const uint8_t* blob, uint32_t root) : m_blob(blob), m_root(root) {}
    Optional<FdtNode> find_relative(FdtNode from, StringView path) const;

    const uint8_t* m_blob;
    uint32_t m_root; // offset of the root's begin token
};

} // namespace mica
