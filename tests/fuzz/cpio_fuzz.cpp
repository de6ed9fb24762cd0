// libFuzzer target for the cpio newc reader. Any input must give an error with a reason, or an
// archive that can be iterated and searched end to end with every name and data view inside the
// input. Never a crash, hang or out-of-bounds read (build with
// -fsanitize=fuzzer,address,undefined).
//
// Sources: kernel/lib/cpio.cpp. Seeds: the archives cpio_data.cmake writes (build/host/cpio_data).

#include <lib/cpio.h>

#include <stddef.h>
#include <stdint.h>

using namespace mica;

namespace {

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

bool inside(const void* begin, size_t length, Bytes input) {
    auto first = static_cast<const uint8_t*>(begin);
    return length == 0 || (first >= input.data() && first + length <= input.end());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes input(data, size);
    const char* reason = nullptr;
    auto archive = CpioArchive::parse(input, &reason);
    if (archive.is_error()) {
        check(reason != nullptr && reason[0] != '\0');
        return 0;
    }
    volatile uint64_t sink = 0;
    size_t count = 0;
    for (CpioEntry entry : archive.value()) {
        check(inside(entry.name.data(), entry.name.length(), input));
        check(inside(entry.data.data(), entry.data.size(), input));
        sink = sink + entry.mode + entry.data.size() + entry.is_regular_file();
        // Every listed name can be found again.
        check(archive.value().find(entry.name).is_ok());
        ++count;
    }
    check(count == archive.value().count());
    static const char* const kPaths[] = {"init", "./init", "/bin/init", "", "TRAILER!!!"};
    for (const char* path : kPaths) {
        auto entry = archive.value().find(path);
        if (entry.is_ok())
            sink = sink + entry.value().data.size();
    }
    return 0;
}
