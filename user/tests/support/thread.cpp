#include <abi/user_syscalls.h>
#include <mica/layout.h>
#include <mica/print.h>
#include <support/support.h>
#include <support/thread.h>

// The ISA's first instruction of every test thread (arch/<isa>/probes.S): aligns the stack and
// calls mica_test_thread_main(block).
extern "C" void mica_test_thread_entry();

namespace mica::test {

namespace {

// At the top of the new thread's stack, where its stack pointer starts; 16 bytes aligned so the
// stack below stays aligned on every ISA.
struct alignas(16) StartBlock {
    Thread::Function function;
    void* argument;
    abi::IpcBuffer* ipc_buffer;
};

} // namespace

extern "C" [[noreturn]] void mica_test_thread_main(StartBlock* block) {
    block->function(block->argument, block->ipc_buffer);
    sys::thread_exit();
}

SysResult<Thread> Thread::start(Function function, void* argument, const Options& options) {
    uint64_t stack_size = layout::page_ceiling(options.stack_size);
    uint64_t size = layout::kPageSize + stack_size;
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::memory_object_create(size, 0, &raw), "memory_object_create for a thread"));
    OwnedHandle memory(raw);
    uint64_t base = 0;
    // The mapping keeps the memory object alive once our handle closes.
    uint64_t flags = abi::map_flags::kRead | abi::map_flags::kWrite |
                     (options.address ? abi::map_flags::kFixed : 0);
    TRY(check(sys::address_space_map(self_address_space(), memory.get(), 0, size, options.address,
                                     flags, &base),
              "address_space_map for a thread"));
    Thread thread;
    thread.m_base = base;
    thread.m_size = size;

    uint64_t top = base + size;
    auto* block = reinterpret_cast<StartBlock*>(top - sizeof(StartBlock));
    block->function = function;
    block->argument = argument;
    bool own_buffer = options.ipc_buffer == kOwnIpcBuffer;
    block->ipc_buffer = own_buffer ? reinterpret_cast<abi::IpcBuffer*>(base) : nullptr;

    TRY(check(sys::thread_create(self_process(), "test-thread", 11, 0, &raw), "thread_create"));
    thread.m_thread = OwnedHandle(raw);
    thread.m_ended = true; // until it starts: nothing to join, the stack may go
    TRY(check(sys::thread_start(
                  thread.m_thread.get(), reinterpret_cast<uint64_t>(&mica_test_thread_entry),
                  reinterpret_cast<uint64_t>(block), reinterpret_cast<uint64_t>(block),
                  own_buffer ? base : options.ipc_buffer),
              "thread_start"));
    thread.m_ended = false;
    return thread;
}

Thread::Thread(Thread&& other)
    : m_thread(move(other.m_thread)), m_base(other.m_base), m_size(other.m_size),
      m_ended(other.m_ended) {
    other.m_base = other.m_size = 0;
}

Thread& Thread::operator=(Thread&& other) {
    if (this != &other) {
        finish();
        m_thread = move(other.m_thread);
        m_base = other.m_base;
        m_size = other.m_size;
        m_ended = other.m_ended;
        other.m_base = other.m_size = 0;
    }
    return *this;
}

Thread::~Thread() { finish(); }

void Thread::finish() {
    if (m_thread && !m_ended && !join(deadline_in(10'000'000'000ull))) {
        println("tests: a thread did not end within 10 s; leaving its stack mapped");
        abandon();
    }
    release_stack();
}

bool Thread::join(uint64_t deadline) {
    if (m_ended || !m_thread)
        return true;
    uint64_t observed = 0;
    abi::Status status =
        sys::object_wait(m_thread.get(), abi::signal_flags::kTerminated, deadline, &observed);
    m_ended = status == abi::Status::Ok && (observed & abi::signal_flags::kTerminated);
    return m_ended;
}

void Thread::abandon() {
    m_base = m_size = 0;
    m_thread.reset();
}

void Thread::release_stack() {
    // Only once the thread is gone: until then it may still be using the stack.
    if (m_size && (m_ended || !m_thread))
        (void)sys::address_space_unmap(self_address_space(), m_base, m_size);
    m_base = m_size = 0;
}

} // namespace mica::test
