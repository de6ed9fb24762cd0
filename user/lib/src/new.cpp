// The global operator new and delete over libmica's heap (mica/heap.h). There are no exceptions,
// so a plain `new` that cannot get memory cannot throw: it says so and ends the process. Code
// that can cope with running out uses `new (std::nothrow)`, which returns nullptr.

#include <abi/user_syscalls.h>
#include <mica/heap.h>
#include <mica/print.h>

namespace std {
const nothrow_t nothrow{};
} // namespace std

namespace {

constexpr size_t kDefaultNewAlignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

[[noreturn]] void out_of_memory(size_t size, size_t alignment) {
    mica::println("libmica: out of memory: new of {} bytes (alignment {})", size, alignment);
    mica::sys::process_exit(mica::kHeapFaultExitCode);
    __builtin_unreachable();
}

void* allocate_or_die(size_t size, size_t alignment) {
    void* block = mica::heap_allocate(size, alignment);
    if (!block)
        out_of_memory(size, alignment);
    return block;
}

} // namespace

void* operator new(size_t size) { return allocate_or_die(size, kDefaultNewAlignment); }
void* operator new[](size_t size) { return allocate_or_die(size, kDefaultNewAlignment); }
void* operator new(size_t size, std::align_val_t alignment) {
    return allocate_or_die(size, size_t(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment) {
    return allocate_or_die(size, size_t(alignment));
}

void* operator new(size_t size, const std::nothrow_t&) noexcept {
    return mica::heap_allocate(size, kDefaultNewAlignment);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
    return mica::heap_allocate(size, kDefaultNewAlignment);
}
void* operator new(size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return mica::heap_allocate(size, size_t(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return mica::heap_allocate(size, size_t(alignment));
}

// The heap finds a block's size and alignment from the pointer, so every form is a plain free.
void operator delete(void* block) noexcept { mica::heap_free(block); }
void operator delete[](void* block) noexcept { mica::heap_free(block); }
void operator delete(void* block, size_t) noexcept { mica::heap_free(block); }
void operator delete[](void* block, size_t) noexcept { mica::heap_free(block); }
void operator delete(void* block, std::align_val_t) noexcept { mica::heap_free(block); }
void operator delete[](void* block, std::align_val_t) noexcept { mica::heap_free(block); }
void operator delete(void* block, size_t, std::align_val_t) noexcept { mica::heap_free(block); }
void operator delete[](void* block, size_t, std::align_val_t) noexcept { mica::heap_free(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { mica::heap_free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { mica::heap_free(block); }
