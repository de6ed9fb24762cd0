// libFuzzer target for the ELF executable reader. Any input must give an error with a reason, or
// an image whose every promise holds: segments inside the file and the user range, no page
// shared, no W+X, entry in an executable segment. Never a crash, hang or out-of-bounds read
// (build with -fsanitize=fuzzer,address,undefined).
//
// Sources: kernel/lib/elf.cpp. Seeds: the programs elf_data.cmake links (build/host/elf_data).

#include <lib/elf.h>

#include <initializer_list>
#include <stddef.h>
#include <stdint.h>

using namespace mica;

namespace {

constexpr uint64_t kUserLimit = 0x0000'8000'0000'0000;

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

void check_image(const ElfImage& image, Bytes file) {
    check(!image.segments().is_empty());
    bool entry_found = false;
    for (size_t i = 0; i < image.segments().size(); ++i) {
        const ElfSegment& a = image.segments()[i];
        check(a.memory_size > 0 && a.file_bytes.size() <= a.memory_size);
        check(a.address >= elf::kPageSize && a.end() <= kUserLimit && a.end() > a.address);
        check(!(a.access.write && a.access.execute));
        check(a.file_bytes.is_empty() || (a.file_bytes.data() >= file.data() &&
                                          a.file_bytes.end() <= file.data() + file.size()));
        entry_found |= a.access.execute && image.entry() >= a.address && image.entry() < a.end();
        for (size_t j = i + 1; j < image.segments().size(); ++j) {
            const ElfSegment& b = image.segments()[j];
            uint64_t page = elf::kPageSize;
            bool apart = (a.end() + page - 1) / page <= b.address / page ||
                         (b.end() + page - 1) / page <= a.address / page;
            check(apart);
        }
    }
    check(entry_found);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes file(data, size);
    for (ElfMachine machine : {ElfMachine::X86_64, ElfMachine::Aarch64, ElfMachine::Riscv64}) {
        const char* reason = nullptr;
        auto image = parse_elf(file, machine, kUserLimit, &reason);
        if (image.is_ok())
            check_image(image.value(), file);
        else
            check(reason != nullptr && reason[0] != '\0');
    }
    return 0;
}
