#pragma once
// What many test cases share: the handles the suite was started with, time, creating objects
// into OwnedHandles, mapping memory, starting the helper program, and a small PRNG.

#include <abi/ipc_buffer.h>
#include <abi/mica_abi.h>
#include <abi/user_syscalls.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/handle.h>
#include <mica/spawn.h>
#include <mica/sys_result.h>

namespace mica::test {

using abi::Rights;
using abi::Status;

// Startup handles (spawn grants SelfProcess: manage+wait, SelfAddressSpace: map; init grants
// RootResource: read+duplicate and BootArchive: read+map+duplicate).
abi::Handle self_process();
abi::Handle self_address_space();
abi::Handle root_resource();
abi::IpcBuffer& main_ipc_buffer();

// Time on the monotonic clock that deadlines use.
uint64_t now_ns();
uint64_t deadline_in(uint64_t nanoseconds);
constexpr uint64_t kMillisecond = 1'000'000;
constexpr uint64_t kSecond = 1'000'000'000;
void sleep_ns(uint64_t nanoseconds);

// Object creation for tests: an empty OwnedHandle if the kernel refused (the caller's ASSERT
// then reports it).
OwnedHandle make_memory(uint64_t size);
OwnedHandle make_endpoint();
OwnedHandle make_notification();
OwnedHandle duplicate(abi::Handle handle, Rights rights);

// A memory object mapped into this process for the scope of the object.
class Mapping {
public:
    Mapping() = default;
    // Maps `size` bytes of `memory` read-write (or with `flags`) wherever the kernel likes.
    static Mapping map(abi::Handle memory, uint64_t size,
                       uint64_t flags = abi::map_flags::kRead | abi::map_flags::kWrite);
    Mapping(Mapping&& other) : m_address(other.m_address), m_size(other.m_size) {
        other.m_address = other.m_size = 0;
    }
    Mapping& operator=(Mapping&&) = delete;
    ~Mapping();

    uint64_t address() const { return m_address; }
    template <typename T = uint8_t>
    T* as() const {
        return reinterpret_cast<T*>(m_address);
    }
    explicit operator bool() const { return m_address != 0; }

private:
    uint64_t m_address = 0;
    uint64_t m_size = 0;
};

// The boot archive's `test_helper` program (helper/main.cpp) started with `arguments` (its argv
// after argv[0]) and `grants`; returns the process handle (all rights).
SysResult<OwnedHandle> spawn_helper(Span<const StringView> arguments,
                                    Span<StartupGrant> grants = {});
SysResult<OwnedHandle> spawn_helper(StringView mode);

// process_wait with a deadline `timeout` from now; kills the process if it does not end by then
// and returns kNoExit.
constexpr int64_t kNoExit = -1'000'000;
int64_t wait_for_exit(abi::Handle process, uint64_t timeout = 10 * kSecond);

// The echo helper (`test_helper echo`) serving on a fresh endpoint: `client` is an unbadged handle
// with write, duplicate and transfer (no read: the server holds the only receive handle).
struct EchoServer {
    OwnedHandle process;
    OwnedHandle client;
};
SysResult<EchoServer> start_echo_server();

// system_info's free frames, for tests that check memory comes back. The kernel frees a dead
// thread's kernel stack only after the thread has switched away for the last time, which can be
// a little after process_wait returned (and other CPUs may be finishing such work from earlier
// cases), so these poll, with thread_sleep in between, instead of reading once.
// The figure once three readings in a row agree: a baseline.
uint64_t stable_free_frames();
// The figure once it equals `target`, or after about half a second, whatever it is then.
uint64_t free_frames_reaching(uint64_t target);

// xorshift64*: deterministic, so a failing case fails the same way on the next run.
class Random {
public:
    explicit Random(uint64_t seed) : m_state(seed ? seed : 0x9e3779b97f4a7c15ull) {}
    uint64_t next() {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545f4914f6cdd1dull;
    }
    uint64_t below(uint64_t bound) { return bound ? next() % bound : 0; }

private:
    uint64_t m_state;
};

// The raw trap with any number and six arguments, for values the typed stubs cannot express
// (unknown syscall numbers, handles wider than 32 bits).
abi::SyscallReturn raw_syscall(uint64_t number, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0,
                               uint64_t a3 = 0, uint64_t a4 = 0, uint64_t a5 = 0);

// Addresses for bad-pointer tests: kernel space, user space nobody maps (the gap between the
// first mappable address and the program), and a page this process has mapped read-only (its
// own code).
constexpr uint64_t kKernelAddress = 0xffff'ffc0'0000'0000; // kernel/core/layout.h's direct map
constexpr uint64_t kKernelImageAddress = 0xffff'ffff'8000'0000;
constexpr uint64_t kUnmappedAddress = 0x20'0000; // below the program at 0x400000
uint64_t read_only_address();

// User space ends at 256 GiB; mappings without map.fixed grow up from 64 GiB, and the stack and
// IPC buffer sit at the top. [192 GiB, 240 GiB) is left to cases that need addresses with nothing
// around them: each takes its own GiB, test_area(n).
constexpr uint64_t test_area(unsigned index) { return 0x30'0000'0000ull + (uint64_t(index) << 30); }

} // namespace mica::test
