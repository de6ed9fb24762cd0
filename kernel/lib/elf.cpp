#include <lib/bytes.h>
#include <lib/elf.h>

namespace mica {

namespace {

// Byte offsets of the ELF64 file header fields (System V ABI, "ELF Header").
enum HeaderField : size_t {
    kIdentClass = 4,
    kIdentData = 5,
    kIdentVersion = 6,
    kType = 16,
    kMachine = 18,
    kVersion = 20,
    kEntry = 24,
    kProgramHeaderOffset = 32,
    kHeaderSize = 52,
    kProgramHeaderEntrySize = 54,
    kProgramHeaderCount = 56,
};

// Byte offsets of the ELF64 program header fields.
enum ProgramHeaderField : size_t {
    kSegmentType = 0,
    kSegmentFlags = 4,
    kSegmentOffset = 8,
    kSegmentAddress = 16,
    kSegmentFileSize = 32,
    kSegmentMemorySize = 40,
    kSegmentAlign = 48,
};

constexpr size_t kFileHeaderSize = 64;
constexpr size_t kProgramHeaderSize = 56;
constexpr uint8_t kMagic[4] = {0x7f, 'E', 'L', 'F'};
constexpr uint8_t kClass64 = 2;
constexpr uint8_t kLittleEndian = 1;
constexpr uint32_t kCurrentVersion = 1;
constexpr uint16_t kTypeExecutable = 2;
constexpr uint16_t kTypeShared = 3;
// PN_XNUM means the real count is in section header 0; no static executable needs that many.
constexpr uint16_t kExtendedCount = 0xffff;
// More program headers than any linker writes for a static executable; a bound on the walk.
constexpr uint16_t kMaxProgramHeaders = 64;

constexpr uint32_t kLoad = 1;
constexpr uint32_t kDynamic = 2;
constexpr uint32_t kInterpreter = 3;
constexpr uint32_t kSharedLibrary = 5;
constexpr uint32_t kGnuStack = 0x6474e551;

constexpr uint32_t kFlagExecute = 1;
constexpr uint32_t kFlagWrite = 2;
constexpr uint32_t kFlagRead = 4;

uint64_t page_floor(uint64_t address) { return address & ~(elf::kPageSize - 1); }
// Only called on addresses below user_limit, far from the top of the address space.
uint64_t page_ceiling(uint64_t address) { return page_floor(address + elf::kPageSize - 1); }

bool is_power_of_two(uint64_t value) { return value != 0 && (value & (value - 1)) == 0; }

} // namespace

// Holds the reason for the first failure so each check is one line: `return fail(...)`.
class ElfParser {
public:
    ElfParser(Bytes file, ElfMachine machine, uint64_t user_limit)
        : m_file(file), m_machine(machine), m_user_limit(user_limit) {}

    Result<ElfImage> parse() {
        if (m_user_limit <= elf::kPageSize)
            return fail(Error::InvalidArgument, "user address limit leaves no room for segments");
        TRY(check_header());
        const uint8_t* header = m_file.data();
        uint64_t table = load_le64(header + kProgramHeaderOffset);
        uint16_t count = load_le16(header + kProgramHeaderCount);
        for (uint16_t i = 0; i < count; ++i)
            TRY(add_program_header(m_file.data() + table + i * kProgramHeaderSize));
        if (m_image.m_segments.is_empty())
            return fail(Error::Malformed, "no loadable (PT_LOAD) segment");
        TRY(check_overlaps());
        m_image.m_entry = load_le64(header + kEntry);
        TRY(check_entry());
        return m_image;
    }

    const char* reason() const { return m_reason; }

private:
    Error fail(Error error, const char* reason) {
        m_reason = reason;
        return error;
    }

    Result<void> check_header() {
        const uint8_t* header = m_file.data();
        if (m_file.size() < kFileHeaderSize)
            return fail(Error::Truncated, "file is shorter than an ELF64 header");
        for (size_t i = 0; i < sizeof(kMagic); ++i) {
            if (header[i] != kMagic[i])
                return fail(Error::Malformed, "not an ELF file (bad magic)");
        }
        if (header[kIdentClass] != kClass64)
            return fail(Error::Unsupported, "not a 64-bit ELF file (ELFCLASS64 expected)");
        if (header[kIdentData] != kLittleEndian)
            return fail(Error::Unsupported, "not a little-endian ELF file");
        if (header[kIdentVersion] != kCurrentVersion || load_le32(header + kVersion) != 1)
            return fail(Error::Unsupported, "unknown ELF version (EV_CURRENT expected)");
        uint16_t type = load_le16(header + kType);
        if (type == kTypeShared)
            return fail(Error::Unsupported,
                        "position-independent executable (ET_DYN); link with -no-pie");
        if (type != kTypeExecutable)
            return fail(Error::Unsupported, "not an executable (ET_EXEC expected)");
        if (load_le16(header + kMachine) != uint16_t(m_machine))
            return fail(Error::Unsupported, "built for another architecture (e_machine)");
        if (load_le16(header + kHeaderSize) < kFileHeaderSize)
            return fail(Error::Malformed, "e_ehsize is smaller than an ELF64 header");
        if (load_le16(header + kProgramHeaderEntrySize) != kProgramHeaderSize)
            return fail(Error::Malformed, "e_phentsize is not the size of an ELF64 program header");

        uint16_t count = load_le16(header + kProgramHeaderCount);
        if (count == 0)
            return fail(Error::Malformed, "no program headers");
        if (count == kExtendedCount || count > kMaxProgramHeaders)
            return fail(Error::Unsupported, "too many program headers");
        uint64_t table = load_le64(header + kProgramHeaderOffset);
        // count * size is at most 64 * 56: only the addition can overflow.
        uint64_t table_size = uint64_t(count) * kProgramHeaderSize;
        if (table > m_file.size() || table_size > m_file.size() - table)
            return fail(Error::Truncated, "program header table lies outside the file");
        return {};
    }

    Result<void> add_program_header(const uint8_t* entry) {
        uint32_t type = load_le32(entry + kSegmentType);
        uint32_t flags = load_le32(entry + kSegmentFlags);
        switch (type) {
        case kLoad: break;
        case kInterpreter:
            return fail(Error::Unsupported, "dynamically linked (PT_INTERP); link with -static");
        case kDynamic:
            return fail(Error::Unsupported,
                        "needs dynamic relocation (PT_DYNAMIC); link statically");
        case kSharedLibrary: return fail(Error::Unsupported, "PT_SHLIB has no defined meaning");
        case kGnuStack:
            if (flags & kFlagExecute)
                return fail(Error::Unsupported,
                            "asks for an executable stack (PT_GNU_STACK with PF_X)");
            return {};
        default: return {}; // notes, TLS templates, RELRO hints: nothing for the loader to map
        }

        uint64_t offset = load_le64(entry + kSegmentOffset);
        uint64_t address = load_le64(entry + kSegmentAddress);
        uint64_t file_size = load_le64(entry + kSegmentFileSize);
        uint64_t memory_size = load_le64(entry + kSegmentMemorySize);
        uint64_t align = load_le64(entry + kSegmentAlign);

        if (file_size > memory_size)
            return fail(Error::Malformed,
                        "segment has more file bytes than memory (filesz > memsz)");
        if (offset > m_file.size() || file_size > m_file.size() - offset)
            return fail(Error::Truncated, "segment's file bytes lie past the end of the file");
        if (memory_size > ~uint64_t{0} - address)
            return fail(Error::Malformed, "segment wraps around the address space");
        // 0 and 1 both mean "no alignment constraint".
        if (align > 1) {
            if (!is_power_of_two(align))
                return fail(Error::Malformed, "segment alignment is not a power of two");
            if (address % align != offset % align)
                return fail(Error::Malformed,
                            "segment address and file offset disagree modulo p_align");
        }
        if (memory_size == 0)
            return {}; // occupies no memory; linkers sometimes leave such markers
        if (address < elf::kPageSize)
            return fail(Error::OutOfRange, "segment maps the first page, which stays unmapped");
        if (address + memory_size > m_user_limit)
            return fail(Error::OutOfRange, "segment reaches past the user address limit");
        // A capability system decides what code may run by what it was given; a page that is
        // both writable and executable lets a process run code that no one handed it (and
        // makes every memory-corruption bug an injection), so no user page is ever both.
        if ((flags & kFlagWrite) && (flags & kFlagExecute))
            return fail(
                Error::Unsupported,
                "segment is both writable and executable (W^X); relink without -N/--omagic");

        ElfSegment segment{
            .address = address,
            .memory_size = memory_size,
            .file_bytes = Bytes(m_file.data() + offset, file_size),
            .access = {.read = (flags & kFlagRead) != 0,
                       .write = (flags & kFlagWrite) != 0,
                       .execute = (flags & kFlagExecute) != 0},
        };
        if (m_image.m_segments.try_append(segment).is_error())
            return fail(Error::Unsupported, "too many loadable segments");
        return {};
    }

    // Page granularity: the loader cannot give one page two sets of rights.
    Result<void> check_overlaps() {
        auto segments = m_image.m_segments.span();
        for (size_t i = 0; i < segments.size(); ++i) {
            for (size_t j = i + 1; j < segments.size(); ++j) {
                const ElfSegment& a = segments[i];
                const ElfSegment& b = segments[j];
                if (page_floor(a.address) < page_ceiling(b.end()) &&
                    page_floor(b.address) < page_ceiling(a.end()))
                    return fail(Error::Malformed, "loadable segments overlap or share a page");
            }
        }
        return {};
    }

    Result<void> check_entry() {
        for (const ElfSegment& segment : m_image.m_segments) {
            if (segment.access.execute && m_image.m_entry >= segment.address &&
                m_image.m_entry < segment.end())
                return {};
        }
        return fail(Error::Malformed, "entry point is not inside an executable segment");
    }

    Bytes m_file;
    ElfMachine m_machine;
    uint64_t m_user_limit;
    ElfImage m_image;
    const char* m_reason = nullptr;
};

Result<ElfImage> parse_elf(Bytes file, ElfMachine machine, uint64_t user_limit,
                           const char** reason) {
    ElfParser parser(file, machine, user_limit);
    auto image = parser.parse();
    if (image.is_error() && reason)
        *reason = parser.reason();
    return image;
}

} // namespace mica
