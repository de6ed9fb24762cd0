#pragma once
// Threads of the test process: thread_create + thread_start with a stack and an IPC buffer of
// their own (one memory object, mapped wherever the kernel likes), started at
// `function(argument, ipc_buffer)`. The kernel starts a thread with just an entry point, a stack
// pointer and one argument; the ISA's trampoline (arch/<isa>/probes.S) aligns the stack and calls
// into C++, and the thread ends with thread_exit when the function returns.

#include <abi/ipc_buffer.h>
#include <mica/handle.h>
#include <mica/sys_result.h>

namespace mica::test {

class Thread {
public:
    using Function = void (*)(void* argument, abi::IpcBuffer* ipc_buffer);

    // Passed as Options::ipc_buffer: the thread gets its own page (the default).
    static constexpr uint64_t kOwnIpcBuffer = ~0ull;

    struct Options {
        uint64_t stack_size = 64 * 1024;
        // What thread_start names as the IPC buffer: kOwnIpcBuffer, or any address (0: none), for
        // tests of what the kernel does with a missing or unmapped buffer. The function's
        // ipc_buffer argument is null unless the thread has its own.
        uint64_t ipc_buffer = kOwnIpcBuffer;
        // Where to map the IPC buffer page and the stack above it (map.fixed); 0: anywhere.
        uint64_t address = 0;
    };

    static SysResult<Thread> start(Function function, void* argument, const Options& options);
    static SysResult<Thread> start(Function function, void* argument) {
        return start(function, argument, Options{});
    }

    Thread() = default;
    Thread(Thread&& other);
    Thread& operator=(Thread&& other);
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;
    // Joins (for at most ten seconds) and frees the stack; a thread still running then keeps it.
    ~Thread();

    // Waits until the thread has ended or `deadline` passed (object_wait on `terminated`).
    // True if it ended.
    bool join(uint64_t deadline);
    // Gives up on a thread that will not end: its stack stays mapped for as long as it may run.
    void abandon();

    abi::Handle handle() const { return m_thread.get(); }
    explicit operator bool() const { return m_thread.is_valid(); }

private:
    void finish(); // the destructor's work
    void release_stack();

    OwnedHandle m_thread;
    uint64_t m_base = 0; // the mapping: IPC buffer page, then the stack
    uint64_t m_size = 0;
    bool m_ended = false;
};

} // namespace mica::test
