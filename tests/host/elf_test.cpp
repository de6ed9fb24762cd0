// Tests of kernel/lib/elf: executables linked at build time by clang-16 and lld for all three
// ISAs (elf_data.cmake), and hand-built images, well-formed and broken in one way each.

#include <lib/elf.h>

#include "test_files.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace mica {
namespace {

constexpr uint64_t kUserLimit = 0x0000'8000'0000'0000;

constexpr uint32_t kLoad = 1;
constexpr uint32_t kDynamic = 2;
constexpr uint32_t kInterp = 3;
constexpr uint32_t kNote = 4;
constexpr uint32_t kGnuStack = 0x6474e551;
constexpr uint32_t kX = 1, kW = 2, kR = 4;

std::vector<uint8_t> load_file(const std::string& name) {
    return test::read_file(MICA_ELF_DATA_DIR, name);
}

struct Phdr {
    uint32_t type = kLoad;
    uint32_t flags = kR;
    uint64_t offset = 0;
    uint64_t vaddr = 0;
    uint64_t filesz = 0;
    uint64_t memsz = 0;
    uint64_t align = 0x1000;
};

// Lays out an executable the way lld does: header, program headers, then segment contents at
// the offsets the program headers name (the file grows to cover them).
class ElfBuilder {
public:
    ElfBuilder() {
        // A text segment holding the headers and the entry, and a data segment with .bss.
        m_phdrs.push_back({.type = kLoad,
                           .flags = kR | kX,
                           .offset = 0,
                           .vaddr = 0x200000,
                           .filesz = 0x300,
                           .memsz = 0x300});
        m_phdrs.push_back({.type = kLoad,
                           .flags = kR | kW,
                           .offset = 0x300,
                           .vaddr = 0x201300,
                           .filesz = 0x40,
                           .memsz = 0x2000});
    }

    std::vector<Phdr>& phdrs() { return m_phdrs; }
    ElfBuilder& entry(uint64_t value) {
        m_entry = value;
        return *this;
    }

    std::vector<uint8_t> build(uint16_t machine = uint16_t(ElfMachine::X86_64)) const {
        size_t size = 64 + m_phdrs.size() * 56;
        for (const Phdr& p : m_phdrs) {
            if (p.type == kLoad && p.offset + p.filesz > size && p.offset + p.filesz < (1u << 20))
                size = p.offset + p.filesz;
        }
        std::vector<uint8_t> file(size, 0);
        const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        std::memcpy(file.data(), ident, sizeof(ident));
        put(file, 16, uint16_t(2)); // ET_EXEC
        put(file, 18, machine);
        put(file, 20, uint32_t(1));
        put(file, 24, m_entry);
        put(file, 32, uint64_t(64)); // e_phoff
        put(file, 52, uint16_t(64));
        put(file, 54, uint16_t(56));
        put(file, 56, uint16_t(m_phdrs.size()));
        for (size_t i = 0; i < m_phdrs.size(); ++i) {
            const Phdr& p = m_phdrs[i];
            size_t at = 64 + i * 56;
            put(file, at + 0, p.type);
            put(file, at + 4, p.flags);
            put(file, at + 8, p.offset);
            put(file, at + 16, p.vaddr);
            put(file, at + 24, p.vaddr);
            put(file, at + 32, p.filesz);
            put(file, at + 40, p.memsz);
            put(file, at + 48, p.align);
        }
        return file;
    }

    template <typename T>
    static void put(std::vector<uint8_t>& file, size_t offset, T value) {
        for (size_t i = 0; i < sizeof(T); ++i)
            file[offset + i] = uint8_t(uint64_t(value) >> (8 * i));
    }

private:
    std::vector<Phdr> m_phdrs;
    uint64_t m_entry = 0x200100;
};

struct Outcome {
    Result<ElfImage> image;
    std::string reason;
};

Outcome parse(const std::vector<uint8_t>& file, ElfMachine machine = ElfMachine::X86_64,
              uint64_t limit = kUserLimit) {
    const char* reason = nullptr;
    auto image = parse_elf(Bytes(file.data(), file.size()), machine, limit, &reason);
    return {image, reason ? reason : ""};
}

// Expects a refusal with `error` and a reason containing `words`.
void expect_refused(const std::vector<uint8_t>& file, Error error, const std::string& words,
                    ElfMachine machine = ElfMachine::X86_64) {
    auto outcome = parse(file, machine);
    ASSERT_TRUE(outcome.image.is_error()) << "accepted; expected: " << words;
    EXPECT_EQ(outcome.image.error(), error)
        << error_name(outcome.image.error()) << ": " << outcome.reason;
    EXPECT_NE(outcome.reason.find(words), std::string::npos) << outcome.reason;
}

// --- Executables from the real toolchain ---------------------------------------------------

struct RealProgram {
    const char* file;
    ElfMachine machine;
};

void PrintTo(const RealProgram& program, std::ostream* out) { *out << program.file; }

class ElfRealProgram : public ::testing::TestWithParam<RealProgram> {};

TEST_P(ElfRealProgram, LoadsWithThreeSegmentsAndEntryInCode) {
    auto file = load_file(GetParam().file);
    ASSERT_FALSE(file.empty()) << GetParam().file;
    auto outcome = parse(file, GetParam().machine);
    ASSERT_TRUE(outcome.image.is_ok()) << outcome.reason;
    const ElfImage& image = outcome.image.value();

    int read_only = 0, code = 0, data = 0;
    bool entry_in_code = false;
    for (const ElfSegment& segment : image.segments()) {
        EXPECT_TRUE(segment.access.read);
        EXPECT_FALSE(segment.access.write && segment.access.execute);
        EXPECT_LE(segment.file_bytes.size(), segment.memory_size);
        EXPECT_GE(segment.file_bytes.data(), file.data());
        EXPECT_LE(segment.file_bytes.data() + segment.file_bytes.size(), file.data() + file.size());
        if (segment.access.execute) {
            ++code;
            entry_in_code |= image.entry() >= segment.address && image.entry() < segment.end();
        } else if (segment.access.write) {
            ++data;
            // scratch[8192] is .bss: memory the file does not supply.
            EXPECT_GE(segment.memory_size - segment.file_bytes.size(), 8192u);
        } else {
            ++read_only;
        }
    }
    EXPECT_EQ(read_only, 1);
    EXPECT_EQ(code, 1);
    EXPECT_EQ(data, 1);
    EXPECT_TRUE(entry_in_code);
}

TEST_P(ElfRealProgram, RefusedForEveryOtherMachine) {
    auto file = load_file(GetParam().file);
    ASSERT_FALSE(file.empty());
    for (ElfMachine other : {ElfMachine::X86_64, ElfMachine::Aarch64, ElfMachine::Riscv64}) {
        if (other != GetParam().machine)
            expect_refused(file, Error::Unsupported, "another architecture", other);
    }
}

TEST_P(ElfRealProgram, RefusedWhenTheLimitIsBelowIt) {
    auto file = load_file(GetParam().file);
    ASSERT_FALSE(file.empty());
    auto outcome = parse(file, GetParam().machine, 0x10000);
    ASSERT_TRUE(outcome.image.is_error());
    EXPECT_EQ(outcome.image.error(), Error::OutOfRange) << outcome.reason;
}

TEST_P(ElfRealProgram, EveryTruncationIsRefused) {
    auto file = load_file(GetParam().file);
    ASSERT_FALSE(file.empty());
    for (size_t size = 0; size < file.size(); ++size) {
        std::vector<uint8_t> prefix(file.begin(), file.begin() + long(size));
        // Trailing section headers and symbols are not loaded: a prefix that keeps every
        // segment is still a valid program. Anything shorter must be refused.
        auto outcome = parse(prefix, GetParam().machine);
        if (outcome.image.is_ok()) {
            for (const ElfSegment& segment : outcome.image.value().segments())
                EXPECT_LE(segment.file_bytes.data() + segment.file_bytes.size(),
                          prefix.data() + prefix.size());
        } else {
            EXPECT_EQ(outcome.image.error(), Error::Truncated) << size << ": " << outcome.reason;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, ElfRealProgram,
                         ::testing::Values(RealProgram{"program-x86_64.elf", ElfMachine::X86_64},
                                           RealProgram{"program-aarch64.elf", ElfMachine::Aarch64},
                                           RealProgram{"program-riscv64.elf", ElfMachine::Riscv64}),
                         [](const auto& info) {
                             std::string name = info.param.file;
                             name = name.substr(8, name.find('.') - 8);
                             return name;
                         });

TEST(Elf, ToolchainOmagicIsRefusedForWriteExecute) {
    auto file = load_file("x86_64-omagic.elf");
    ASSERT_FALSE(file.empty());
    expect_refused(file, Error::Unsupported, "writable and executable");
}

TEST(Elf, ToolchainStaticPieIsRefused) {
    auto file = load_file("x86_64-static-pie.elf");
    ASSERT_FALSE(file.empty());
    expect_refused(file, Error::Unsupported, "ET_DYN");
}

TEST(Elf, ToolchainExecutableStackIsRefused) {
    auto file = load_file("x86_64-execstack.elf");
    ASSERT_FALSE(file.empty());
    expect_refused(file, Error::Unsupported, "executable stack");
}

// --- Hand-built images ---------------------------------------------------------------------

TEST(Elf, HandBuiltImageLoads) {
    ElfBuilder builder;
    builder.phdrs().push_back({.type = kNote, .flags = kR, .offset = 0x100, .filesz = 0x10});
    builder.phdrs().push_back({.type = kGnuStack, .flags = kR | kW, .align = 0});
    auto file = builder.build();
    auto outcome = parse(file);
    ASSERT_TRUE(outcome.image.is_ok()) << outcome.reason;
    const ElfImage& image = outcome.image.value();
    EXPECT_EQ(image.entry(), 0x200100u);
    ASSERT_EQ(image.segments().size(), 2u);
    const ElfSegment& text = image.segments()[0];
    EXPECT_EQ(text.address, 0x200000u);
    EXPECT_EQ(text.memory_size, 0x300u);
    EXPECT_EQ(text.file_bytes.data(), file.data());
    EXPECT_EQ(text.file_bytes.size(), 0x300u);
    EXPECT_TRUE(text.access.read && text.access.execute && !text.access.write);
    const ElfSegment& data = image.segments()[1];
    EXPECT_EQ(data.address, 0x201300u);
    EXPECT_EQ(data.memory_size, 0x2000u);
    EXPECT_EQ(data.end(), 0x203300u);
    EXPECT_EQ(data.file_bytes.data(), file.data() + 0x300);
    EXPECT_EQ(data.file_bytes.size(), 0x40u);
    EXPECT_TRUE(data.access.read && data.access.write && !data.access.execute);
}

TEST(Elf, TruncatedHeader) {
    auto file = ElfBuilder().build();
    file.resize(63);
    expect_refused(file, Error::Truncated, "shorter than an ELF64 header");
    expect_refused({}, Error::Truncated, "shorter than an ELF64 header");
}

TEST(Elf, WrongMagic) {
    auto file = ElfBuilder().build();
    file[1] = 'X';
    expect_refused(file, Error::Malformed, "magic");
}

TEST(Elf, WrongClass) {
    auto file = ElfBuilder().build();
    file[4] = 1; // ELFCLASS32
    expect_refused(file, Error::Unsupported, "64-bit");
}

TEST(Elf, BigEndian) {
    auto file = ElfBuilder().build();
    file[5] = 2; // ELFDATA2MSB
    expect_refused(file, Error::Unsupported, "little-endian");
}

TEST(Elf, WrongVersion) {
    auto file = ElfBuilder().build();
    file[6] = 0;
    expect_refused(file, Error::Unsupported, "version");
    file = ElfBuilder().build();
    ElfBuilder::put(file, 20, uint32_t(2));
    expect_refused(file, Error::Unsupported, "version");
}

TEST(Elf, WrongType) {
    auto file = ElfBuilder().build();
    ElfBuilder::put(file, 16, uint16_t(1)); // ET_REL
    expect_refused(file, Error::Unsupported, "ET_EXEC");
    ElfBuilder::put(file, 16, uint16_t(3)); // ET_DYN
    expect_refused(file, Error::Unsupported, "ET_DYN");
}

TEST(Elf, WrongMachine) {
    auto file = ElfBuilder().build(uint16_t(ElfMachine::Aarch64));
    expect_refused(file, Error::Unsupported, "another architecture");
    auto outcome = parse(file, ElfMachine::Aarch64);
    EXPECT_TRUE(outcome.image.is_ok()) << outcome.reason;
    file = ElfBuilder().build(3); // EM_386
    expect_refused(file, Error::Unsupported, "another architecture");
}

TEST(Elf, BadProgramHeaderEntrySize) {
    auto file = ElfBuilder().build();
    ElfBuilder::put(file, 54, uint16_t(32));
    expect_refused(file, Error::Malformed, "e_phentsize");
    ElfBuilder::put(file, 54, uint16_t(64));
    expect_refused(file, Error::Malformed, "e_phentsize");
}

TEST(Elf, SmallHeaderSize) {
    auto file = ElfBuilder().build();
    ElfBuilder::put(file, 52, uint16_t(52));
    expect_refused(file, Error::Malformed, "e_ehsize");
}

TEST(Elf, NoOrTooManyProgramHeaders) {
    auto file = ElfBuilder().build();
    ElfBuilder::put(file, 56, uint16_t(0));
    expect_refused(file, Error::Malformed, "no program headers");
    ElfBuilder::put(file, 56, uint16_t(0xffff)); // PN_XNUM
    expect_refused(file, Error::Unsupported, "too many program headers");
    ElfBuilder::put(file, 56, uint16_t(65));
    expect_refused(file, Error::Unsupported, "too many program headers");
}

TEST(Elf, ProgramHeadersOutOfRange) {
    auto file = ElfBuilder().build();
    ElfBuilder::put(file, 32, uint64_t(file.size()));
    expect_refused(file, Error::Truncated, "program header table");
    ElfBuilder::put(file, 32, uint64_t(file.size() - 56)); // starts inside, ends outside
    expect_refused(file, Error::Truncated, "program header table");
    ElfBuilder::put(file, 32, ~uint64_t{0} - 8); // offset + phnum * phentsize wraps around
    expect_refused(file, Error::Truncated, "program header table");
    ElfBuilder::put(file, 56, uint16_t(60)); // the count points past the file end
    ElfBuilder::put(file, 32, uint64_t(64));
    expect_refused(file, Error::Truncated, "program header table");
}

TEST(Elf, NoLoadableSegment) {
    ElfBuilder builder;
    builder.phdrs() = {{.type = kNote, .offset = 64, .filesz = 8}};
    expect_refused(builder.build(), Error::Malformed, "no loadable");
}

TEST(Elf, SegmentPastFileEnd) {
    ElfBuilder builder;
    builder.phdrs()[1].filesz = 0x1000;
    builder.phdrs()[1].memsz = 0x2000;
    auto file = builder.build();
    file.resize(0x340);
    expect_refused(file, Error::Truncated, "past the end of the file");

    ElfBuilder far;
    far.phdrs()[1].offset = ~uint64_t{0} - 0xcff; // offset + filesz wraps; offset % 4K matches
    expect_refused(far.build(), Error::Truncated, "past the end of the file");
}

TEST(Elf, FileSizeAboveMemorySize) {
    ElfBuilder builder;
    builder.phdrs()[1].filesz = 0x40;
    builder.phdrs()[1].memsz = 0x20;
    expect_refused(builder.build(), Error::Malformed, "filesz > memsz");
}

TEST(Elf, OverlappingSegments) {
    ElfBuilder builder;
    builder.phdrs()[1].vaddr = 0x200300; // inside the text segment's page
    expect_refused(builder.build(), Error::Malformed, "overlap");

    ElfBuilder covering;
    covering.phdrs()[1].vaddr = 0x1ff300; // data wholly around text
    covering.phdrs()[1].memsz = 0x10000;
    expect_refused(covering.build(), Error::Malformed, "overlap");

    ElfBuilder adjacent; // the next page after text's last one: fine
    adjacent.phdrs()[1].vaddr = 0x201300;
    EXPECT_TRUE(parse(adjacent.build()).image.is_ok());
}

TEST(Elf, WriteExecuteSegment) {
    ElfBuilder builder;
    builder.phdrs()[0].flags = kR | kW | kX;
    expect_refused(builder.build(), Error::Unsupported, "writable and executable");
}

TEST(Elf, ExecutableStack) {
    ElfBuilder builder;
    builder.phdrs().push_back({.type = kGnuStack, .flags = kR | kW | kX, .align = 0});
    expect_refused(builder.build(), Error::Unsupported, "executable stack");
}

TEST(Elf, EntryOutsideExecutableSegment) {
    ElfBuilder builder;
    builder.entry(0x201300); // in the data segment
    expect_refused(builder.build(), Error::Malformed, "entry point");
    builder.entry(0x200300); // one past the end of text
    expect_refused(builder.build(), Error::Malformed, "entry point");
    builder.entry(0x100000); // nowhere
    expect_refused(builder.build(), Error::Malformed, "entry point");
    builder.entry(0x2002ff); // last byte of text
    EXPECT_TRUE(parse(builder.build()).image.is_ok());
}

TEST(Elf, AddressPlusSizeOverflows) {
    ElfBuilder builder;
    builder.phdrs()[1].vaddr = 0xffff'ffff'ffff'f300;
    builder.phdrs()[1].memsz = 0x2000;
    expect_refused(builder.build(), Error::Malformed, "wraps around");
}

TEST(Elf, KernelHalfAddress) {
    ElfBuilder builder;
    builder.phdrs()[1].vaddr = 0xffff'8000'0000'1300;
    expect_refused(builder.build(), Error::OutOfRange, "user address limit");

    ElfBuilder straddling; // starts below the limit, ends above it
    straddling.phdrs()[1].vaddr = kUserLimit - 0x1000 + 0x300;
    expect_refused(straddling.build(), Error::OutOfRange, "user address limit");

    ElfBuilder at_limit; // ends exactly at the limit: fine
    at_limit.phdrs()[1].vaddr = kUserLimit - 0x2000 + 0x300;
    at_limit.phdrs()[1].memsz = 0x2000 - 0x300;
    EXPECT_TRUE(parse(at_limit.build()).image.is_ok());
}

TEST(Elf, FirstPageStaysUnmapped) {
    ElfBuilder builder;
    builder.phdrs()[0].vaddr = 0;
    builder.entry(0x100);
    expect_refused(builder.build(), Error::OutOfRange, "first page");
}

TEST(Elf, BadAlignment) {
    ElfBuilder builder;
    builder.phdrs()[1].align = 0x1800;
    expect_refused(builder.build(), Error::Malformed, "power of two");
    builder.phdrs()[1].align = 0x1000;
    builder.phdrs()[1].vaddr = 0x201400; // offset 0x300 but address 0x400 within the page
    expect_refused(builder.build(), Error::Malformed, "modulo p_align");
    builder.phdrs()[1].align = 0; // no constraint
    EXPECT_TRUE(parse(builder.build()).image.is_ok());
}

TEST(Elf, DynamicLinkingIsUnsupported) {
    ElfBuilder interp;
    interp.phdrs().push_back({.type = kInterp, .offset = 0x100, .filesz = 0x10});
    expect_refused(interp.build(), Error::Unsupported, "PT_INTERP");
    ElfBuilder dynamic;
    dynamic.phdrs().push_back({.type = kDynamic, .offset = 0x300, .filesz = 0x10});
    expect_refused(dynamic.build(), Error::Unsupported, "PT_DYNAMIC");
}

TEST(Elf, EmptySegmentIsSkipped) {
    ElfBuilder builder;
    builder.phdrs().push_back({.type = kLoad, .flags = kR, .offset = 0, .vaddr = 0, .memsz = 0});
    auto outcome = parse(builder.build());
    ASSERT_TRUE(outcome.image.is_ok()) << outcome.reason;
    EXPECT_EQ(outcome.image.value().segments().size(), 2u);
}

TEST(Elf, TooManySegments) {
    ElfBuilder builder;
    for (uint64_t i = 0; i < ElfImage::kMaxSegments; ++i)
        builder.phdrs().push_back(
            {.type = kLoad, .flags = kR, .vaddr = 0x400000 + i * 0x1000, .memsz = 0x10});
    expect_refused(builder.build(), Error::Unsupported, "too many loadable segments");
}

TEST(Elf, LimitTooSmallIsACallerError) {
    auto outcome = parse(ElfBuilder().build(), ElfMachine::X86_64, 0x1000);
    ASSERT_TRUE(outcome.image.is_error());
    EXPECT_EQ(outcome.image.error(), Error::InvalidArgument);
}

TEST(Elf, ReasonIsOptional) {
    auto file = ElfBuilder().build();
    file[0] = 0;
    auto image = parse_elf(Bytes(file.data(), file.size()), ElfMachine::X86_64, kUserLimit);
    ASSERT_TRUE(image.is_error());
    EXPECT_EQ(image.error(), Error::Malformed);
}

} // namespace
} // namespace mica
