#pragma once
// A reader of the multiboot2 boot information structure (Multiboot2 Specification 2.0, "Boot
// information format"), which GRUB hands to the kernel in ebx. The blob is not trusted:
// Multiboot2Info::parse() walks every tag once (8-byte alignment, sizes, the end tag) and checks
// the payload of each tag type it knows; accessors afterwards rely on that walk.
//
//   auto info = TRY(Multiboot2Info::parse(blob, max_size));
//   for (Multiboot2MemoryEntry entry : info.memory_map()) ...
//
// Nothing is copied: strings and tags are views into the blob. All fields are little-endian and
// read without alignment assumptions, so host tests may use any buffer.

#include <lib/optional.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>

namespace mica {

namespace multiboot2 {
// What the boot loader leaves in eax.
constexpr uint32_t kBootLoaderMagic = 0x36d76289;
// The header the kernel embeds for the loader to find.
constexpr uint32_t kHeaderMagic = 0xe85250d6;

enum class TagType : uint32_t {
    End = 0,
    CommandLine = 1,
    BootLoaderName = 2,
    Module = 3,
    BasicMemoryInfo = 4,
    BootDevice = 5,
    MemoryMap = 6,
    Vbe = 7,
    Framebuffer = 8,
    ElfSections = 9,
    Apm = 10,
    Efi32SystemTable = 11,
    Efi64SystemTable = 12,
    Smbios = 13,
    AcpiOldRsdp = 14,
    AcpiNewRsdp = 15,
    Network = 16,
    EfiMemoryMap = 17,
    EfiBootServicesNotTerminated = 18,
    Efi32ImageHandle = 19,
    Efi64ImageHandle = 20,
    LoadBaseAddress = 21,
};

// Memory map entry types.
enum class MemoryType : uint32_t {
    Available = 1,
    Reserved = 2,
    AcpiReclaimable = 3,
    AcpiNvs = 4,
    Defective = 5,
};

constexpr size_t kFixedPartSize = 8; // total_size, reserved
constexpr size_t kTagHeaderSize = 8; // type, size
constexpr size_t kTagAlignment = 8;
} // namespace multiboot2

// One tag: its type and the bytes after the 8-byte tag header.
struct Multiboot2Tag {
    uint32_t type = 0;
    uint32_t offset = 0; // of the tag header, from the start of the information structure
    Bytes payload;

    bool is(multiboot2::TagType t) const { return type == uint32_t(t); }
    // Where the payload starts, from the start of the information structure.
    uint32_t payload_offset() const { return offset + uint32_t(multiboot2::kTagHeaderSize); }
};

struct Multiboot2MemoryEntry {
    uint64_t base = 0;
    uint64_t length = 0;
    uint32_t type = 0; // multiboot2::MemoryType; other values are reserved memory
};

struct Multiboot2Module {
    uint32_t start = 0; // physical, inclusive
    uint32_t end = 0;   // physical, exclusive
    StringView name;
};

struct Multiboot2Framebuffer {
    uint64_t address = 0;
    uint32_t pitch = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint8_t bits_per_pixel = 0;
    uint8_t type = 0; // 0 indexed, 1 direct RGB, 2 EGA text
};

// A run of fixed-size records inside a tag, each read with Decode.
template <typename T, T (*Decode)(const uint8_t*)>
class Multiboot2Records {
public:
    class Iterator {
    public:
        Iterator(const uint8_t* at, uint32_t stride) : m_at(at), m_stride(stride) {}
        T operator*() const { return Decode(m_at); }
        Iterator& operator++() {
            m_at += m_stride;
            return *this;
        }
        bool operator!=(const Iterator& other) const { return m_at != other.m_at; }

    private:
        const uint8_t* m_at;
        uint32_t m_stride;
    };

    Multiboot2Records() = default;
    Multiboot2Records(const uint8_t* first, uint32_t stride, size_t count)
        : m_first(first), m_stride(stride), m_count(count) {}

    Iterator begin() const { return Iterator(m_first, m_stride); }
    Iterator end() const { return Iterator(m_first + m_stride * m_count, m_stride); }
    size_t size() const { return m_count; }
    T operator[](size_t i) const { return Decode(m_first + m_stride * i); }

private:
    const uint8_t* m_first = nullptr;
    uint32_t m_stride = 0;
    size_t m_count = 0;
};

Multiboot2MemoryEntry decode_multiboot2_memory_entry(const uint8_t* entry);
using Multiboot2MemoryMap =
    Multiboot2Records<Multiboot2MemoryEntry, decode_multiboot2_memory_entry>;

class Multiboot2Info {
public:
    class TagIterator {
    public:
        Multiboot2Tag operator*() const;
        TagIterator& operator++();
        bool operator!=(const TagIterator& other) const { return m_offset != other.m_offset; }

    private:
        friend class Multiboot2Info;
        TagIterator(const uint8_t* blob, uint32_t offset) : m_blob(blob), m_offset(offset) {}
        const uint8_t* m_blob;
        uint32_t m_offset;
    };

    // Parses a blob of exactly the bytes available; total_size must fit in them.
    static Result<Multiboot2Info> parse(Bytes blob);
    // For a blob known only by its address: reads total_size first, nothing beyond `max_size`.
    static Result<Multiboot2Info> parse(const void* blob, size_t max_size);

    uint32_t total_size() const { return m_total_size; }
    Bytes bytes() const { return Bytes(m_blob, m_total_size); }

    // Every tag before the end tag, in order.
    TagIterator begin() const;
    TagIterator end() const;
    // The first tag of a type.
    Optional<Multiboot2Tag> find(multiboot2::TagType type) const;

    Optional<StringView> command_line() const;
    Optional<StringView> boot_loader_name() const;
    // Modules in the order the loader listed them; `index` counts only module tags.
    size_t module_count() const;
    Optional<Multiboot2Module> module(size_t index) const;
    // Empty when there is no memory map tag.
    Multiboot2MemoryMap memory_map() const;
    Optional<Multiboot2Framebuffer> framebuffer() const;
    // The RSDP copy: the ACPI 2.0+ one when present, else the 1.0 one. Its payload_offset()
    // locates it inside the information structure.
    Optional<Multiboot2Tag> acpi_rsdp() const;

private:
    Multiboot2Info(const uint8_t* blob, uint32_t total_size)
        : m_blob(blob), m_total_size(total_size) {}

    const uint8_t* m_blob;
    uint32_t m_total_size;
};

} // namespace mica
