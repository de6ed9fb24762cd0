// Tests of kernel/lib/multiboot2 and boot/multiboot2 against hand-built information structures,
// well-formed and broken.

#include <boot/multiboot2/multiboot2_boot.h>
#include <lib/multiboot2.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace mica {
namespace {

using multiboot2::TagType;

std::string str(StringView view) { return std::string(view.data(), view.length()); }

// Builds an information structure the way GRUB lays it out: the fixed part, tags padded to
// 8 bytes, an end tag; total_size patched in by finish().
class Builder {
public:
    Builder() { m_bytes.resize(8, 0); }

    Builder& tag(uint32_t type, const std::vector<uint8_t>& payload) {
        put32(type);
        put32(uint32_t(8 + payload.size()));
        m_bytes.insert(m_bytes.end(), payload.begin(), payload.end());
        while (m_bytes.size() % 8)
            m_bytes.push_back(0);
        return *this;
    }
    Builder& tag(TagType type, const std::vector<uint8_t>& payload) {
        return tag(uint32_t(type), payload);
    }
    Builder& string_tag(TagType type, const std::string& text) {
        std::vector<uint8_t> payload(text.begin(), text.end());
        payload.push_back(0);
        return tag(type, payload);
    }

    std::vector<uint8_t> finish(bool end_tag = true) {
        if (end_tag) {
            put32(0);
            put32(8);
        }
        uint32_t total = uint32_t(m_bytes.size());
        std::memcpy(m_bytes.data(), &total, 4);
        return m_bytes;
    }

private:
    void put32(uint32_t value) {
        for (int i = 0; i < 4; ++i)
            m_bytes.push_back(uint8_t(value >> (8 * i)));
    }
    std::vector<uint8_t> m_bytes;
};

void append32(std::vector<uint8_t>& out, uint32_t value) {
    for (int i = 0; i < 4; ++i)
        out.push_back(uint8_t(value >> (8 * i)));
}
void append64(std::vector<uint8_t>& out, uint64_t value) {
    append32(out, uint32_t(value));
    append32(out, uint32_t(value >> 32));
}

struct Entry {
    uint64_t base, length;
    uint32_t type;
};

std::vector<uint8_t> memory_map(const std::vector<Entry>& entries, uint32_t entry_size = 24) {
    std::vector<uint8_t> payload;
    append32(payload, entry_size);
    append32(payload, 0);
    for (const Entry& entry : entries) {
        append64(payload, entry.base);
        append64(payload, entry.length);
        append32(payload, entry.type);
        payload.resize(payload.size() + entry_size - 20, 0);
    }
    return payload;
}

std::vector<uint8_t> module(uint32_t start, uint32_t end, const std::string& name) {
    std::vector<uint8_t> payload;
    append32(payload, start);
    append32(payload, end);
    payload.insert(payload.end(), name.begin(), name.end());
    payload.push_back(0);
    return payload;
}

std::vector<uint8_t> framebuffer(uint64_t address, uint32_t width, uint32_t height, uint8_t type) {
    std::vector<uint8_t> payload;
    append64(payload, address);
    append32(payload, width * 4);
    append32(payload, width);
    append32(payload, height);
    payload.push_back(32);
    payload.push_back(type);
    payload.resize(payload.size() + 2 + 6, 0); // reserved + color info
    return payload;
}

std::vector<uint8_t> rsdp(uint8_t revision) {
    std::vector<uint8_t> bytes(revision >= 2 ? 36 : 20, 0);
    std::memcpy(bytes.data(), "RSD PTR ", 8);
    bytes[15] = revision;
    return bytes; // checksums do not matter to the multiboot2 layer
}

Result<Multiboot2Info> parse(const std::vector<uint8_t>& blob) {
    return Multiboot2Info::parse(Bytes(blob.data(), blob.size()));
}

std::vector<uint8_t> full_blob() {
    return Builder()
        .string_tag(TagType::CommandLine, "test crash=illegal")
        .string_tag(TagType::BootLoaderName, "GRUB 2.06")
        .tag(TagType::Module, module(0x400000, 0x401000, "/boot/init"))
        .tag(TagType::Module, module(0x500000, 0x500010, ""))
        .tag(TagType::BasicMemoryInfo, {0x7f, 0x2, 0, 0, 0x00, 0xfc, 0x01, 0})
        .tag(TagType::MemoryMap, memory_map({{0, 0x9fc00, 1},
                                             {0x9fc00, 0x400, 2},
                                             {0x100000, 0x7ee0000, 1},
                                             {0x7fe0000, 0x20000, 3},
                                             {0x7f00000, 0x1000, 4},
                                             {0x8000000, 0x1000, 5},
                                             {0xfffc0000, 0x40000, 77}}))
        .tag(TagType::AcpiOldRsdp, rsdp(0))
        .tag(TagType::AcpiNewRsdp, rsdp(2))
        .tag(TagType::Framebuffer, framebuffer(0xfd000000, 800, 600, 1))
        .tag(99, {1, 2, 3}) // unknown tags are skipped
        .finish();
}

TEST(Multiboot2, EmptyStructureHasNoTags) {
    auto blob = Builder().finish();
    auto info = parse(blob);
    ASSERT_TRUE(info.is_ok());
    EXPECT_EQ(info.value().total_size(), 16u);
    EXPECT_FALSE(info.value().begin() != info.value().end());
    EXPECT_FALSE(info.value().command_line().has_value());
    EXPECT_EQ(info.value().memory_map().size(), 0u);
    EXPECT_EQ(info.value().module_count(), 0u);
    EXPECT_FALSE(info.value().acpi_rsdp().has_value());
}

TEST(Multiboot2, ReadsEveryTag) {
    auto blob = full_blob();
    auto parsed = parse(blob);
    ASSERT_TRUE(parsed.is_ok());
    const Multiboot2Info& info = parsed.value();

    size_t tags = 0;
    for (Multiboot2Tag tag : info) {
        EXPECT_EQ(tag.offset % 8, 0u);
        ++tags;
    }
    EXPECT_EQ(tags, 10u);
    EXPECT_EQ(str(info.command_line().value()), "test crash=illegal");
    EXPECT_EQ(str(info.boot_loader_name().value()), "GRUB 2.06");

    ASSERT_EQ(info.module_count(), 2u);
    EXPECT_EQ(info.module(0)->start, 0x400000u);
    EXPECT_EQ(info.module(0)->end, 0x401000u);
    EXPECT_EQ(str(info.module(0)->name), "/boot/init");
    EXPECT_EQ(str(info.module(1)->name), "");
    EXPECT_FALSE(info.module(2).has_value());

    Multiboot2MemoryMap map = info.memory_map();
    ASSERT_EQ(map.size(), 7u);
    EXPECT_EQ(map[2].base, 0x100000u);
    EXPECT_EQ(map[2].length, 0x7ee0000u);
    EXPECT_EQ(map[2].type, 1u);
    size_t entries = 0;
    for (Multiboot2MemoryEntry entry : map)
        entries += entry.length != 0;
    EXPECT_EQ(entries, 7u);

    auto fb = info.framebuffer();
    ASSERT_TRUE(fb.has_value());
    EXPECT_EQ(fb->address, 0xfd000000u);
    EXPECT_EQ(fb->width, 800u);
    EXPECT_EQ(fb->pitch, 3200u);
    EXPECT_EQ(fb->bits_per_pixel, 32);
    EXPECT_EQ(fb->type, 1);

    auto acpi = info.acpi_rsdp();
    ASSERT_TRUE(acpi.has_value());
    EXPECT_TRUE(acpi->is(TagType::AcpiNewRsdp)); // 2.0+ preferred
    EXPECT_EQ(acpi->payload.size(), 36u);
    EXPECT_EQ(std::memcmp(blob.data() + acpi->payload_offset(), "RSD PTR ", 8), 0);
}

TEST(Multiboot2, LargerMemoryEntriesOfLaterVersions) {
    auto blob = Builder()
                    .tag(TagType::MemoryMap, memory_map({{0x1000, 0x2000, 1}, {0x5000, 1, 2}}, 32))
                    .finish();
    auto info = parse(blob);
    ASSERT_TRUE(info.is_ok());
    auto map = info.value().memory_map();
    ASSERT_EQ(map.size(), 2u);
    EXPECT_EQ(map[1].base, 0x5000u);
    EXPECT_EQ(map[1].type, 2u);
}

TEST(Multiboot2, OldAcpiTagAlone) {
    auto blob = Builder().tag(TagType::AcpiOldRsdp, rsdp(0)).finish();
    auto info = parse(blob);
    ASSERT_TRUE(info.is_ok());
    ASSERT_TRUE(info.value().acpi_rsdp().has_value());
    EXPECT_TRUE(info.value().acpi_rsdp()->is(TagType::AcpiOldRsdp));
    EXPECT_EQ(info.value().acpi_rsdp()->payload_offset(), 16u);
}

TEST(Multiboot2, RejectsBadFixedPart) {
    std::vector<uint8_t> tiny = {16, 0, 0, 0};
    EXPECT_EQ(parse(tiny).error(), Error::Truncated);
    auto blob = Builder().finish();
    blob[0] = 8; // no room for an end tag
    EXPECT_EQ(parse(blob).error(), Error::Malformed);
    blob = Builder().finish();
    blob[0] = 24; // claims more than there is
    EXPECT_EQ(parse(blob).error(), Error::Truncated);
    blob = Builder().finish();
    EXPECT_EQ(Multiboot2Info::parse(blob.data(), 12).error(), Error::Truncated);
    EXPECT_EQ(Multiboot2Info::parse(blob.data(), 4).error(), Error::Truncated);
    EXPECT_TRUE(Multiboot2Info::parse(blob.data(), 4096).is_ok());
}

TEST(Multiboot2, RejectsBrokenTagLists) {
    // No end tag at all.
    auto blob = Builder().string_tag(TagType::CommandLine, "x").finish(false);
    EXPECT_EQ(parse(blob).error(), Error::Truncated);

    // A tag smaller than its own header.
    blob = Builder().string_tag(TagType::CommandLine, "x").finish();
    blob[12] = 4;
    EXPECT_EQ(parse(blob).error(), Error::Malformed);

    // A tag running past total_size.
    blob = Builder().string_tag(TagType::CommandLine, "x").finish();
    blob[12] = 200;
    EXPECT_EQ(parse(blob).error(), Error::Truncated);

    // An end tag of the wrong size.
    blob = Builder().finish();
    blob[12] = 16;
    EXPECT_EQ(parse(blob).error(), Error::Truncated);
    blob = Builder().tag(TagType::End, {0, 0, 0, 0, 0, 0, 0, 0}).finish();
    EXPECT_EQ(parse(blob).error(), Error::Malformed);

    // Padding after the last tag pushes the next header past the end.
    blob = Builder().string_tag(TagType::CommandLine, "abc").finish(false);
    blob.resize(blob.size() - 3);
    uint32_t total = uint32_t(blob.size());
    std::memcpy(blob.data(), &total, 4);
    EXPECT_EQ(parse(blob).error(), Error::Truncated);
}

TEST(Multiboot2, RejectsBadPayloads) {
    EXPECT_EQ(parse(Builder().tag(TagType::CommandLine, {'a', 'b'}).finish()).error(),
              Error::Malformed);
    EXPECT_EQ(parse(Builder().tag(TagType::BootLoaderName, {}).finish()).error(), Error::Malformed);
    EXPECT_EQ(parse(Builder().tag(TagType::Module, {1, 2, 3}).finish()).error(), Error::Truncated);
    EXPECT_EQ(parse(Builder().tag(TagType::Module, module(0x2000, 0x1000, "x")).finish()).error(),
              Error::Malformed);
    auto unterminated = module(0x1000, 0x2000, "x");
    unterminated.pop_back();
    EXPECT_EQ(parse(Builder().tag(TagType::Module, unterminated).finish()).error(),
              Error::Malformed);
    EXPECT_EQ(parse(Builder().tag(TagType::MemoryMap, {24, 0, 0}).finish()).error(),
              Error::Truncated);
    EXPECT_EQ(parse(Builder().tag(TagType::MemoryMap, memory_map({}, 16)).finish()).error(),
              Error::Malformed);
    EXPECT_EQ(parse(Builder().tag(TagType::MemoryMap, memory_map({}, 28)).finish()).error(),
              Error::Malformed);
    auto ragged = memory_map({{0, 1, 1}});
    ragged.resize(ragged.size() - 8);
    EXPECT_EQ(parse(Builder().tag(TagType::MemoryMap, ragged).finish()).error(), Error::Malformed);
    EXPECT_EQ(parse(Builder().tag(TagType::Framebuffer, std::vector<uint8_t>(21)).finish()).error(),
              Error::Truncated);
    EXPECT_EQ(parse(Builder().tag(TagType::AcpiOldRsdp, std::vector<uint8_t>(19)).finish()).error(),
              Error::Truncated);
    EXPECT_EQ(parse(Builder().tag(TagType::AcpiNewRsdp, rsdp(0)).finish()).error(),
              Error::Truncated);
    EXPECT_EQ(parse(Builder().tag(TagType::BasicMemoryInfo, {1, 2, 3, 4}).finish()).error(),
              Error::Truncated);
}

constexpr PhysAddr kInfoPhys = 0x10000;

TEST(Multiboot2Boot, FillsBootInfo) {
    auto blob = full_blob();
    BootInfo info;
    info.boot_cpu_id = 7;
    ASSERT_TRUE(boot::fill_from_multiboot2(info, kInfoPhys, blob.data()).is_ok());
    EXPECT_EQ(str(info.loader), "multiboot2: GRUB 2.06");
    EXPECT_EQ(str(info.command_line), "test crash=illegal");
    EXPECT_EQ(info.boot_blob.base, kInfoPhys);
    EXPECT_EQ(info.boot_blob.size, blob.size());
    EXPECT_EQ(info.boot_cpu_id, 7u);

    ASSERT_EQ(info.memory.size(), 7u);
    EXPECT_EQ(info.memory[0].kind, MemoryKind::Usable);
    EXPECT_EQ(info.memory[1].kind, MemoryKind::Reserved);
    EXPECT_EQ(info.memory[3].kind, MemoryKind::AcpiReclaimable);
    EXPECT_EQ(info.memory[4].kind, MemoryKind::AcpiNvs);
    EXPECT_EQ(info.memory[5].kind, MemoryKind::Defective);
    EXPECT_EQ(info.memory[6].kind, MemoryKind::Reserved); // unknown type 77
    EXPECT_EQ(info.usable_memory(), 0x9fc00u + 0x7ee0000u);

    ASSERT_EQ(info.modules.size(), 2u);
    EXPECT_EQ(info.modules[0].base, 0x400000u);
    EXPECT_EQ(info.modules[0].size, 0x1000u);
    EXPECT_EQ(str(info.modules[0].name), "/boot/init");

    auto acpi = parse(blob).value().acpi_rsdp();
    EXPECT_EQ(info.acpi_rsdp, kInfoPhys + acpi->payload_offset());
    ASSERT_TRUE(info.framebuffer.has_value());
    EXPECT_EQ(info.framebuffer->width, 800u);
    EXPECT_EQ(info.framebuffer->height, 600u);
    EXPECT_EQ(info.framebuffer->bits_per_pixel, 32);
}

TEST(Multiboot2Boot, BasicMemoryWithoutMapAndDefaults) {
    // mem_lower 639 KiB, mem_upper 130048 KiB.
    auto blob = Builder()
                    .tag(TagType::BasicMemoryInfo, {0x7f, 0x2, 0, 0, 0x00, 0xfc, 0x01, 0})
                    .tag(TagType::Framebuffer, framebuffer(0xb8000, 80, 25, 2))
                    .finish();
    BootInfo info;
    ASSERT_TRUE(boot::fill_from_multiboot2(info, kInfoPhys, blob.data()).is_ok());
    EXPECT_EQ(str(info.loader), "multiboot2: unknown loader");
    EXPECT_EQ(str(info.command_line), "");
    ASSERT_EQ(info.memory.size(), 2u);
    EXPECT_EQ(info.memory[0].size, 639u * 1024);
    EXPECT_EQ(info.memory[1].base, 1u << 20);
    EXPECT_EQ(info.memory[1].size, 130048u * 1024);
    EXPECT_FALSE(info.framebuffer.has_value()); // EGA text is not a pixel framebuffer
    EXPECT_EQ(info.acpi_rsdp, 0u);
}

TEST(Multiboot2Boot, Errors) {
    BootInfo info;
    auto no_memory = Builder().finish();
    EXPECT_EQ(boot::fill_from_multiboot2(info, kInfoPhys, no_memory.data()).error(),
              Error::NotFound);

    auto broken = Builder().tag(TagType::CommandLine, {'x'}).finish();
    EXPECT_EQ(boot::fill_from_multiboot2(info, kInfoPhys, broken.data()).error(), Error::Malformed);

    std::vector<Entry> many(BootInfo::kMaxMemoryRegions + 1, Entry{0x1000, 0x1000, 1});
    auto full = Builder().tag(TagType::MemoryMap, memory_map(many)).finish();
    BootInfo fresh;
    EXPECT_EQ(boot::fill_from_multiboot2(fresh, kInfoPhys, full.data()).error(), Error::Full);

    auto wrapping = Builder().tag(TagType::MemoryMap, memory_map({{~0ull - 10, 100, 1}})).finish();
    BootInfo other;
    EXPECT_EQ(boot::fill_from_multiboot2(other, kInfoPhys, wrapping.data()).error(),
              Error::Malformed);
}

} // namespace
} // namespace mica
