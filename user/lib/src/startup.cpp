#include <abi/user_syscalls.h>
#include <mica/print.h>
#include <mica/startup.h>

// The program's entry point, either form. -ffreestanding makes main an ordinary C++ function
// (mangled, overloadable), so both are declared weak and startup() calls the one the program
// defines; an undefined weak symbol has address 0.
__attribute__((weak)) int main(int argc, char** argv);
__attribute__((weak)) int main();

extern "C" void (*const __init_array_start[])();
extern "C" void (*const __init_array_end[])();

namespace mica {

void run_exit_handlers(); // cxxabi.cpp

namespace {

const abi::StartupInfo* g_info = nullptr;
abi::Handle g_start_handle = kInvalidHandle;

// Each argument takes at least its NUL, so the block holds at most this many.
constexpr size_t kMaxArguments = abi::kStartupMaxArguments;
char* g_argv[kMaxArguments + 1];
int g_argc = 0;

// Splits the block's NUL-separated arguments in place. The block was written by another process
// and is not trusted: lengths are clamped and the last argument is terminated if it was not.
void collect_arguments(abi::StartupInfo& info) {
    size_t used = info.argument_bytes;
    if (used > abi::kStartupMaxArguments)
        used = abi::kStartupMaxArguments;
    if (used == 0)
        return;
    if (info.arguments[used - 1] != '\0') {
        if (used < abi::kStartupMaxArguments)
            ++used;
        info.arguments[used - 1] = '\0';
    }
    size_t start = 0;
    for (size_t i = 0; i < used; ++i) {
        if (info.arguments[i] == '\0') {
            g_argv[g_argc++] = &info.arguments[start];
            start = i + 1;
        }
    }
    g_argv[g_argc] = nullptr;
}

} // namespace

void startup(uint64_t start_argument, abi::StartupInfo* info) {
    g_start_handle = abi::Handle(start_argument);
    if (info && info->magic == abi::kStartupMagic) {
        if (info->handle_count > abi::kStartupMaxHandles)
            info->handle_count = abi::kStartupMaxHandles;
        collect_arguments(*info);
        g_info = info;
    } else {
        // Say so rather than run as if nothing had been granted: the starter is broken.
        println("libmica: no startup block at the initial stack pointer (magic {:#x})",
                info ? info->magic : 0);
    }
    for (auto* constructor = __init_array_start; constructor != __init_array_end; ++constructor)
        (*constructor)();
    int (*main_with_arguments)(int, char**) = &main;
    int (*main_without_arguments)() = &main;
    if (main_with_arguments)
        exit(main_with_arguments(g_argc, g_argv));
    if (main_without_arguments)
        exit(main_without_arguments());
    println("libmica: the program defines no main()");
    exit(127);
}

const abi::StartupInfo* startup_info() { return g_info; }

abi::Handle start_handle() { return g_start_handle; }

abi::Handle startup_handle(abi::StartupRole role) {
    if (!g_info || role == abi::StartupRole::None)
        return kInvalidHandle;
    for (uint32_t i = 0; i < g_info->handle_count; ++i) {
        if (g_info->handles[i].role == role)
            return g_info->handles[i].handle;
    }
    return kInvalidHandle;
}

uint64_t boot_archive_size() { return g_info ? g_info->boot_archive_size : 0; }

Span<char* const> arguments() { return Span<char* const>(g_argv, size_t(g_argc)); }

void exit(int code) {
    run_exit_handlers();
    sys::process_exit(code);
}

} // namespace mica
