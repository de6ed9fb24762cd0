#pragma once
// An ELF64 executable reader for starting user processes. The file comes from the boot archive
// (later from disk) and is not trusted: parse_elf() checks the header and every program header
// once, and the ElfImage it returns holds only segments a loader can map as they are: inside the
// file, inside the user half, not overlapping, never both writable and executable.
//
//   const char* reason = nullptr;
//   auto image = parse_elf(file, ElfMachine::Riscv64, kUserLimit, &reason);
//   if (image.is_error())
//       log("init: %s (%s)", error_name(image.error()), reason);
//   for (const ElfSegment& segment : image.value().segments()) ...
//
// Only statically linked, non-PIE executables (ET_EXEC) are accepted: a static-PIE (ET_DYN)
// needs its own relocations applied, which is the job of a dynamic loader the kernel does not
// have. Nothing is copied or allocated; segment file bytes are views into `file`.

#include <lib/fixed_vector.h>
#include <lib/result.h>
#include <lib/span.h>

namespace mica {

// e_machine values (ELF psABI supplements of each architecture).
enum class ElfMachine : uint16_t {
    X86_64 = 62,
    Aarch64 = 183,
    Riscv64 = 243, // EM_RISCV; ELFCLASS64 makes it RV64
};

struct ElfAccess {
    bool read = false;
    bool write = false;
    bool execute = false;
};

// One PT_LOAD segment: `memory_size` bytes at `address`, the first `file_bytes.size()` of them
// copied from the file and the rest zero (.bss).
struct ElfSegment {
    uint64_t address = 0;
    uint64_t memory_size = 0;
    Bytes file_bytes;
    ElfAccess access;

    uint64_t end() const { return address + memory_size; }
};

class ElfImage {
public:
    // Linkers emit two to five PT_LOAD segments; a file with more is refused, not truncated.
    static constexpr size_t kMaxSegments = 16;

    uint64_t entry() const { return m_entry; }
    Span<const ElfSegment> segments() const { return m_segments.span(); }

private:
    friend class ElfParser;
    uint64_t m_entry = 0;
    FixedVector<ElfSegment, kMaxSegments> m_segments;
};

namespace elf {
// Segments are checked at this granularity: the loader maps whole pages with one set of
// rights, so two segments may not share a page. 4 KiB is the smallest page on all three ISAs.
constexpr uint64_t kPageSize = 4096;
} // namespace elf

// Checks `file` as an executable for `machine` whose every segment lies in [kPageSize,
// user_limit). The first page stays unmapped so that null pointer dereferences fault. On error,
// `*reason` (if given) is set to a static sentence saying what is wrong with the file.
Result<ElfImage> parse_elf(Bytes file, ElfMachine machine, uint64_t user_limit,
                           const char** reason = nullptr);

} // namespace mica
