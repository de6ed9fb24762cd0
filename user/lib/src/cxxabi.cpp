// The few C++ ABI hooks a freestanding program still needs: registering destructors of static
// objects (clang emits __cxa_atexit calls for them) and the pure virtual call trap.

#include <abi/user_syscalls.h>
#include <mica/print.h>

// Identifies this "shared object" to __cxa_atexit; a static program is exactly one.
extern "C" {
void* __dso_handle = &__dso_handle;
}

namespace mica {

namespace {

struct ExitHandler {
    void (*function)(void*);
    void* argument;
};

// Static objects with destructors are few in these programs; a fixed table avoids needing a
// heap. Registering more fails, which the compiler-generated caller ignores, so say it loudly.
constexpr size_t kMaxExitHandlers = 64;
ExitHandler g_handlers[kMaxExitHandlers];
size_t g_handler_count = 0;

} // namespace

void run_exit_handlers() {
    while (g_handler_count) {
        const ExitHandler& handler = g_handlers[--g_handler_count];
        handler.function(handler.argument);
    }
}

} // namespace mica

extern "C" int __cxa_atexit(void (*function)(void*), void* argument, void*) {
    using namespace mica;
    if (g_handler_count == kMaxExitHandlers) {
        println("libmica: more than {} static destructors; this one will not run",
                kMaxExitHandlers);
        return -1;
    }
    g_handlers[g_handler_count++] = {function, argument};
    return 0;
}

extern "C" [[noreturn]] void __cxa_pure_virtual() {
    mica::println("libmica: pure virtual function called");
    mica::sys::process_exit(-1);
}
