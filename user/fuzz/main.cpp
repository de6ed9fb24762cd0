// fuzz: the syscall fuzzer. It makes a fixed number of syscalls with random numbers (known and
// unknown) and arguments drawn from a mix that finds bugs: random 64-bit values, small integers,
// its own live handles (and stale ones), kernel addresses, unmapped user addresses and valid
// buffers. The property under test is that the kernel neither panics nor hangs (the QEMU run's
// timeout catches a hang); the fuzzer also checks that every status is a known one and that the
// kernel still works afterwards.
//
//   fuzz [seed [calls [trace]]]   seed and count in decimal or 0x-hex (defaults below); `trace`
//                                 prints each call before it is made and its status after
//
// It runs in init's test mode after the test suite (user/init) with no handles beyond its own, so
// it can neither power the machine off nor reach other processes. A second thread serves an
// endpoint, so that calls and handle transfers are really delivered, not only refused.

#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <mica/layout.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;
using abi::ArgKind;

namespace {

constexpr uint64_t kDefaultSeed = 0x6d69'6361'6675'7a7a; // "micafuzz"
constexpr uint64_t kDefaultCalls = 20000;

constexpr uint64_t kPage = 4096;
constexpr uint64_t kGiB = 1ull << 30;

// The fuzzer's own memory, at fixed places below 64 GiB: valid buffers (with an unmapped page
// after them, for buffers that run off the end) and the server thread's stack.
constexpr uint64_t kScratch = 32 * kGiB;
constexpr uint64_t kScratchSize = 4 * kPage;
constexpr uint64_t kServerStack = 36 * kGiB;

// Mappings without map.fixed go from 64 GiB up; the fuzzer's own stack and IPC buffer sit at the
// top of user space. Unmapping or protecting its own memory is the one thing that would kill it,
// so on its own address space those calls stay inside [kPlaygroundStart, kPlaygroundEnd).
constexpr uint64_t kPlaygroundStart = 64 * kGiB;
constexpr uint64_t kPlaygroundEnd = layout::kStackTop - layout::kMaxStackSize;

// Deadlines never lie further ahead than this: nobody may wake the fuzzer, and every blocking
// call should end soon.
constexpr uint64_t kMaxWait = 500'000; // ns
// Calls steered to the server thread wait longer: they end as soon as it replies.
constexpr uint64_t kServedWait = 20'000'000; // ns

// What debug_write prints when it is given a valid pointer: a few dots, not random bytes (a NUL
// or an escape sequence in the console log would confuse the tools that read it).
constexpr char kText[] = "....";

constexpr size_t kPoolSize = 48;
constexpr size_t kStaleSize = 16;

// `fuzz <seed> <calls> trace` prints every call and its status: to replay a failing seed.
bool g_trace = false;

struct PoolEntry {
    abi::Handle handle = kInvalidHandle;
    abi::ObjectType type = abi::ObjectType::None;
    bool own_space = false;             // refers to this process's address space
    bool served = false;                // refers to the endpoint the server thread receives on
    abi::Handle owner = kInvalidHandle; // threads: the process handle they were created with
};

// What a new pool entry derives from (see PoolEntry).
struct Origin {
    bool own_space = false;
    bool served = false;
    abi::Handle owner = kInvalidHandle;
};

uint64_t parse(const char* text, uint64_t fallback) {
    if (!text || !*text)
        return fallback;
    uint64_t value = 0, base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    for (; *text; ++text) {
        char c = *text;
        uint64_t digit = c >= '0' && c <= '9'   ? uint64_t(c - '0')
                         : c >= 'a' && c <= 'f' ? uint64_t(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? uint64_t(c - 'A' + 10)
                                                : 99;
        if (digit >= base)
            return fallback;
        value = value * base + digit;
    }
    return value;
}

class Fuzzer {
public:
    explicit Fuzzer(uint64_t seed) : m_random(seed) {}

    SysResult<void> set_up();
    void run(uint64_t calls);
    bool tear_down_and_check();
    void print_summary(uint64_t seed, uint64_t calls) const;
    bool statuses_valid() const { return m_unknown_status == 0 && m_wrong_unknown == 0; }

private:
    // Drawing arguments.
    uint64_t any_value();
    uint64_t draw(const abi::ArgInfo& arg, abi::Syscall number, unsigned index);
    uint64_t pool_handle(abi::ObjectType wanted = abi::ObjectType::None);
    uint64_t kernel_address();
    uint64_t unmapped_address();
    uint64_t valid_buffer();
    uint64_t deadline();
    uint64_t message_info();
    void fill_ipc_buffer();

    // The explicit exclusions.
    bool is_protected(uint64_t value) const;
    bool is_own_space(uint64_t value) const;
    void keep_away_from_own_memory(abi::Syscall number, uint64_t (&args)[6]);

    // The pool of live handles.
    void adopt(abi::Handle handle, Origin origin = {});
    Origin origin_of(uint64_t value) const;
    uint64_t served_handle();
    uint64_t thread_of(uint64_t process);
    void sweep();
    void replenish();
    void forget(size_t index);

    void one_call();

    Random m_random;
    abi::IpcBuffer* m_ipc = nullptr;
    // This process, its address space and thread, the served endpoint (read) and the server
    // thread: never passed to a syscall.
    abi::Handle m_protected[5] = {};
    OwnedHandle m_endpoint;
    Thread m_server;

    PoolEntry m_pool[kPoolSize];
    size_t m_pool_count = 0;
    abi::Handle m_stale[kStaleSize] = {};
    size_t m_stale_next = 0;

    uint64_t m_status_counts[abi::kStatusCount] = {};
    uint64_t m_unknown_status = 0;
    uint64_t m_wrong_unknown = 0; // unknown syscall numbers that did not answer bad_syscall
    uint64_t m_ok_per_syscall[abi::kSyscallCount] = {};
    bool m_dots = false; // debug_write printed dots since the last line
};

// The server thread: receives on the fuzzer's endpoint forever, closes whatever handles a call
// brought and replies with the words it got. It runs only code of ours, on a stack the fuzzer
// never unmaps, so nothing the fuzzer draws can make it fault.
struct ServerState {
    abi::Handle endpoint;
    uint64_t served = 0;
};
ServerState g_server;

void serve(void* argument, abi::IpcBuffer* buffer) {
    auto& state = *static_cast<ServerState*>(argument);
    uint64_t reply_info = 0, reply[3] = {};
    for (;;) {
        uint64_t info = 0, badge = 0, words[3] = {};
        abi::Status status = sys::endpoint_reply_and_wait(
            state.endpoint, reply_info, abi::kDeadlineInfinite, reply[0], reply[1], reply[2], &info,
            &badge, &words[0], &words[1], &words[2]);
        reply_info = 0;
        if (status != abi::Status::Ok)
            continue; // e.g. handles that did not fit our table: they were dropped; go on
        ++state.served;
        if (!(info & abi::ipc_info_flags::kNotification)) {
            for (uint32_t i = 0; i < abi::ipc_info_handles(info); ++i)
                (void)sys::handle_close(buffer->handles[i]);
        }
        reply[0] = words[0] ^ badge;
        reply[1] = words[1];
        reply[2] = words[2];
        reply_info = abi::ipc_info_flags::kHasReply |
                     abi::ipc_info(abi::ipc_info_label(info), abi::ipc_info_words(info), 0);
    }
}

SysResult<void> Fuzzer::set_up() {
    m_ipc = reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
    m_protected[0] = self_process();
    m_protected[1] = self_address_space();
    m_protected[2] = startup_handle(abi::StartupRole::SelfThread);
    if (!m_ipc || m_protected[0] == kInvalidHandle || m_protected[1] == kInvalidHandle)
        return SysError{abi::Status::NotFound, "startup", "no IPC buffer or self handles"};

    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::memory_object_create(kScratchSize, 0, &raw), "memory_object_create"));
    OwnedHandle scratch(raw);
    uint64_t mapped = 0;
    TRY(check(sys::address_space_map(
                  self_address_space(), scratch.get(), 0, kScratchSize, kScratch,
                  abi::map_flags::kRead | abi::map_flags::kWrite | abi::map_flags::kFixed, &mapped),
              "mapping the scratch buffers"));

    TRY(check(sys::endpoint_create(0, &raw), "endpoint_create"));
    m_endpoint = OwnedHandle(raw);
    m_protected[3] = m_endpoint.get();
    g_server.endpoint = m_endpoint.get();
    Thread::Options options;
    options.address = kServerStack;
    m_server = TRY(Thread::start(serve, &g_server, options));
    m_protected[4] = m_server.handle();

    // The pool starts with one of each kind of object, and handles the server will receive.
    abi::Handle handle = kInvalidHandle;
    for (int i = 0; i < 3; ++i) {
        TRY(check(sys::endpoint_badge(m_endpoint.get(),
                                      abi::Rights::Write | abi::Rights::Duplicate |
                                          abi::Rights::Transfer | abi::Rights::Wait,
                                      uint64_t(i + 1), &handle),
                  "endpoint_badge"));
        adopt(handle, {.served = true});
    }
    TRY(check(sys::handle_duplicate(
                  m_endpoint.get(),
                  abi::Rights::Write | abi::Rights::Duplicate | abi::Rights::Transfer, &handle),
              "handle_duplicate"));
    adopt(handle, {.served = true});
    // A duplicate of our own address space (map only, as we hold it): calls on it are fuzzed
    // too, within the playground (keep_away_from_own_memory).
    if (sys::handle_duplicate(self_address_space(), abi::Rights::Map, &handle) == abi::Status::Ok)
        adopt(handle, {.own_space = true});
    TRY(check(sys::memory_object_create(2 * kPage, 0, &handle), "memory_object_create"));
    adopt(handle);
    TRY(check(sys::notification_create(0, &handle), "notification_create"));
    adopt(handle);
    TRY(check(sys::endpoint_create(0, &handle), "endpoint_create"));
    adopt(handle);
    abi::Handle space = kInvalidHandle;
    TRY(check(sys::process_create("fuzz-child", 10, 0, &handle, &space), "process_create"));
    adopt(handle);
    adopt(space);
    TRY(check(sys::thread_create(handle, "fuzz-child", 10, 0, &raw), "thread_create"));
    adopt(raw, {.owner = handle});

    // Valid buffers start out with recognisable, harmless bytes.
    auto* bytes = reinterpret_cast<uint8_t*>(kScratch);
    for (uint64_t i = 0; i < kScratchSize; ++i)
        bytes[i] = uint8_t('a' + i % 26);
    return {};
}

bool Fuzzer::is_protected(uint64_t value) const {
    if (value >> 32)
        return false; // the dispatcher refuses handles wider than 32 bits
    for (abi::Handle handle : m_protected) {
        if (handle != kInvalidHandle && value == handle)
            return true;
    }
    return false;
}

bool Fuzzer::is_own_space(uint64_t value) const {
    if (value == self_address_space())
        return true;
    for (size_t i = 0; i < m_pool_count; ++i) {
        if (m_pool[i].own_space && m_pool[i].handle == value)
            return true;
    }
    return false;
}

Origin Fuzzer::origin_of(uint64_t value) const {
    for (size_t i = 0; i < m_pool_count; ++i) {
        if (m_pool[i].handle == value)
            return {m_pool[i].own_space, m_pool[i].served, m_pool[i].owner};
    }
    return {value == self_address_space(), false, kInvalidHandle};
}

void Fuzzer::adopt(abi::Handle handle, Origin origin) {
    if (handle == kInvalidHandle || is_protected(handle))
        return;
    for (size_t i = 0; i < m_pool_count; ++i) {
        if (m_pool[i].handle == handle) {
            m_pool[i].own_space = origin.own_space;
            m_pool[i].served = origin.served;
            m_pool[i].owner = origin.owner;
            return;
        }
    }
    abi::ObjectType type = abi::ObjectType::None;
    abi::Rights rights;
    (void)sys::handle_info(handle, &type, &rights);
    if (m_pool_count == kPoolSize) {
        // Full: close a random old one, so the table (and the memory held) stays bounded.
        size_t victim = m_random.below(kPoolSize);
        (void)sys::handle_close(m_pool[victim].handle);
        forget(victim);
    }
    m_pool[m_pool_count++] = {handle, type, origin.own_space, origin.served, origin.owner};
}

void Fuzzer::forget(size_t index) {
    m_stale[m_stale_next++ % kStaleSize] = m_pool[index].handle;
    m_pool[index] = m_pool[--m_pool_count];
}

// Keeps at least one handle of each kind the syscalls take in the pool, so that deep paths
// (mapping into a child, starting threads, calls that are delivered) stay reachable however
// the pool was drained. Creation goes through the same syscalls the fuzzer draws.
void Fuzzer::replenish() {
    bool have[abi::kObjectTypeCount + 1] = {};
    for (size_t i = 0; i < m_pool_count; ++i) {
        if (uint32_t(m_pool[i].type) <= abi::kObjectTypeCount)
            have[uint32_t(m_pool[i].type)] = true;
    }
    abi::Handle handle = kInvalidHandle, second = kInvalidHandle;
    if (!have[uint32_t(abi::ObjectType::Process)] || !have[uint32_t(abi::ObjectType::Thread)] ||
        !have[uint32_t(abi::ObjectType::AddressSpace)]) {
        if (sys::process_create("fuzz-child", 10, 0, &handle, &second) == abi::Status::Ok) {
            adopt(handle);
            adopt(second);
            if (sys::thread_create(handle, "fuzz-child", 10, 0, &second) == abi::Status::Ok)
                adopt(second, {.owner = handle});
        }
    }
    if (!have[uint32_t(abi::ObjectType::MemoryObject)] &&
        sys::memory_object_create(2 * kPage, 0, &handle) == abi::Status::Ok)
        adopt(handle);
    if (!have[uint32_t(abi::ObjectType::Notification)] &&
        sys::notification_create(0, &handle) == abi::Status::Ok)
        adopt(handle);
    if (!have[uint32_t(abi::ObjectType::Endpoint)] &&
        sys::endpoint_badge(m_endpoint.get(),
                            abi::Rights::Write | abi::Rights::Duplicate | abi::Rights::Transfer,
                            0xf00d, &handle) == abi::Status::Ok)
        adopt(handle, {.served = true});
}

// Drops the pool entries the calls since the last sweep closed, moved or replaced.
void Fuzzer::sweep() {
    for (size_t i = 0; i < m_pool_count;) {
        abi::ObjectType type;
        abi::Rights rights;
        if (sys::handle_info(m_pool[i].handle, &type, &rights) != abi::Status::Ok)
            forget(i);
        else
            ++i;
    }
}

// A handle from the pool, mostly of the type the argument wants (so that calls get past the type
// check to the interesting parts), sometimes of any type, sometimes stale.
uint64_t Fuzzer::pool_handle(abi::ObjectType wanted) {
    if (m_pool_count == 0 || m_random.below(10) == 0) {
        abi::Handle stale = m_stale[m_random.below(kStaleSize)];
        return stale ? stale : m_random.next() & 0xffff'ffff;
    }
    if (wanted != abi::ObjectType::None && m_random.below(4) != 0) {
        size_t matching = 0;
        for (size_t i = 0; i < m_pool_count; ++i)
            matching += m_pool[i].type == wanted ? 1 : 0;
        if (matching) {
            size_t pick = m_random.below(matching);
            for (size_t i = 0; i < m_pool_count; ++i) {
                if (m_pool[i].type == wanted && pick-- == 0)
                    return m_pool[i].handle;
            }
        }
    }
    return m_pool[m_random.below(m_pool_count)].handle;
}

uint64_t Fuzzer::kernel_address() {
    switch (m_random.below(5)) {
    case 0: return 0xffff'8000'0000'0000ull; // the lowest canonical kernel address (x86_64)
    case 1: return 0xffff'ffc0'0000'0000ull + m_random.below(1ull << 30); // direct map
    case 2: return 0xffff'ffff'8000'0000ull + m_random.below(1ull << 24); // kernel image
    case 3: return ~0ull - m_random.below(64);                            // the very top
    default: return (1ull << 38) + m_random.below(1ull << 20);            // just above user space
    }
}

uint64_t Fuzzer::unmapped_address() {
    switch (m_random.below(4)) {
    case 0: return m_random.below(0x1'0000);                        // the null region
    case 1: return 0x1'0000 + m_random.below(0x3f'0000);            // below the program
    case 2: return kScratch + kScratchSize + m_random.below(kPage); // the guard after the buffers
    default: return kPlaygroundStart + (32 * kGiB) + m_random.below(kGiB);
    }
}

uint64_t Fuzzer::valid_buffer() {
    // Mostly well inside, sometimes running off the end of the mapping.
    if (m_random.below(6) == 0)
        return kScratch + kScratchSize - m_random.below(64);
    return kScratch + m_random.below(kScratchSize - 512);
}

uint64_t Fuzzer::deadline() {
    uint64_t now = now_ns();
    switch (m_random.below(6)) {
    case 0: return abi::kDeadlineNow;
    case 1:
    case 2:
    case 3: return now + m_random.below(kMaxWait);
    case 4: return 1; // long past
    default: return m_random.below(now ? now : 1);
    }
}

uint64_t Fuzzer::message_info() {
    switch (m_random.below(4)) {
    case 0: return m_random.next(); // anything: mostly invalid
    case 1: return m_random.next() & 0xffff'ffff;
    default:
        // Mostly without handles: one bad handle in the list fails the whole message.
        return abi::ipc_info(
                   uint32_t(m_random.below(4)), uint32_t(m_random.below(8)),
                   m_random.below(3) ? 0 : uint32_t(m_random.below(abi::kIpcMaxHandles + 1))) |
               (m_random.below(4) == 0 ? abi::ipc_info_flags::kHasReply : 0);
    }
}

void Fuzzer::fill_ipc_buffer() {
    for (uint64_t& word : m_ipc->words)
        word = m_random.below(4) ? m_random.below(1024) : m_random.next();
    for (abi::Handle& handle : m_ipc->handles) {
        uint64_t value = pool_handle();
        // Never the fuzzer's vital handles: sending one would move it away.
        handle = is_protected(value) ? kInvalidHandle : abi::Handle(value);
    }
}

uint64_t Fuzzer::any_value() {
    switch (m_random.below(12)) {
    case 0:
    case 1: return m_random.next();
    case 2:
    case 3: return m_random.below(64);
    case 4: return kPage * m_random.below(65);
    case 5: return pool_handle();
    case 6: return kernel_address();
    case 7: return unmapped_address();
    case 8: return valid_buffer();
    case 9: return kPlaygroundStart + kPage * m_random.below(1 << 16);
    case 10: return m_random.next() & 0xffff'ffff; // handle-shaped
    default: return ~0ull - m_random.below(4);
    }
}

uint64_t Fuzzer::draw(const abi::ArgInfo& arg, abi::Syscall number, unsigned index) {
    ArgKind kind = arg.kind;
    // Deadlines are always near (the fuzzer would otherwise just wait, correctly, forever).
    if (kind == ArgKind::Deadline)
        return deadline();
    // Memory object sizes stay small (or far above the 1 GiB cap): the pool then holds a few MiB
    // at most, whatever the fuzzer draws (kernel bugs that leak objects would otherwise take
    // the machine's memory with them).
    if (kind == ArgKind::Size &&
        (number == abi::Syscall::MemoryObjectCreate || number == abi::Syscall::MemoryObjectResize))
        return m_random.below(4) ? kPage * m_random.below(65) : m_random.next() | (1ull << 40);
    if (m_random.below(8) == 0)
        return any_value();
    switch (kind) {
    case ArgKind::Handle: return pool_handle(arg.object);
    case ArgKind::InPtr:
    case ArgKind::OutPtr:
        switch (m_random.below(8)) {
        case 0: return 0;
        case 1: return kernel_address();
        case 2: return unmapped_address();
        case 3: return read_only_address();
        default: return valid_buffer();
        }
    case ArgKind::Size:
        if (number == abi::Syscall::AddressSpaceMap || number == abi::Syscall::AddressSpaceUnmap ||
            number == abi::Syscall::AddressSpaceProtect || number == abi::Syscall::MmioMap) {
            if (m_random.below(3))
                return kPage * (1 + m_random.below(4));
        }
        switch (m_random.below(5)) {
        case 0: return m_random.below(300);
        case 1: return kPage * m_random.below(17);
        case 2:
        case 3: return m_random.below(33); // names: at most 32 bytes
        default: return m_random.next();
        }
    case ArgKind::Vaddr:
        switch (m_random.below(6)) {
        case 0: return 0;
        case 1: return kernel_address();
        case 2: return unmapped_address();
        case 3: return valid_buffer();
        default: return kPlaygroundStart + kPage * m_random.below(1 << 16);
        }
    case ArgKind::Flags:
        if (number == abi::Syscall::AddressSpaceMap ||
            number == abi::Syscall::AddressSpaceProtect || number == abi::Syscall::MmioMap) {
            // Mostly valid access (read, maybe write or execute), sometimes anything.
            constexpr uint64_t kValid[] = {1, 3, 5, 1 | 8, 3 | 8, 5 | 8};
            return m_random.below(3) ? kValid[m_random.below(6)] : m_random.below(16);
        }
        // Options are mostly 0 (the only valid value), so that creations succeed and the pool
        // fills.
        switch (m_random.below(6)) {
        case 0:
        case 1:
        case 2: return 0;
        case 3:
        case 4: return m_random.below(16);
        default: return m_random.next();
        }
    case ArgKind::Rights: return m_random.below(3) ? m_random.below(0x200) : m_random.next();
    case ArgKind::U64:
        if ((number == abi::Syscall::EndpointCall ||
             number == abi::Syscall::EndpointReplyAndWait) &&
            index == 1)
            return message_info();
        switch (m_random.below(4)) {
        case 0: return 0; // offsets: the one that always fits
        case 1: return kPage * m_random.below(4);
        case 2: return m_random.below(256);
        default: return m_random.next();
        }
    default: return any_value();
    }
}

// A pool handle to the served endpoint (for calls that get delivered), if there is one.
uint64_t Fuzzer::served_handle() {
    size_t matching = 0;
    for (size_t i = 0; i < m_pool_count; ++i)
        matching += m_pool[i].served ? 1 : 0;
    if (!matching)
        return pool_handle(abi::ObjectType::Endpoint);
    size_t pick = m_random.below(matching);
    for (size_t i = 0; i < m_pool_count; ++i) {
        if (m_pool[i].served && pick-- == 0)
            return m_pool[i].handle;
    }
    return kInvalidHandle;
}

// A thread created in `process`, if the pool has one: process_start only takes its own.
uint64_t Fuzzer::thread_of(uint64_t process) {
    for (size_t i = 0; i < m_pool_count; ++i) {
        if (m_pool[i].type == abi::ObjectType::Thread && m_pool[i].owner == process)
            return m_pool[i].handle;
    }
    return pool_handle(abi::ObjectType::Thread);
}

// Unmap and protect on our own address space: only inside the playground, so the fuzzer's code,
// data, buffers, stacks and IPC buffer stay as they are.
void Fuzzer::keep_away_from_own_memory(abi::Syscall number, uint64_t (&args)[6]) {
    if (number != abi::Syscall::AddressSpaceUnmap && number != abi::Syscall::AddressSpaceProtect)
        return;
    if (!is_own_space(args[0]))
        return;
    uint64_t start = args[1], size = args[2];
    bool inside =
        start >= kPlaygroundStart && start < kPlaygroundEnd && size <= kPlaygroundEnd - start;
    if (!inside) {
        args[1] = kPlaygroundStart + kPage * m_random.below(1 << 16);
        args[2] = kPage * m_random.below(17);
    }
}

void Fuzzer::one_call() {
    // Mostly known syscalls; some unknown ones, a few far out.
    uint64_t raw_number;
    switch (m_random.below(16)) {
    case 0: raw_number = abi::kSyscallCount + m_random.below(64); break;
    case 1: raw_number = m_random.next(); break;
    default: raw_number = m_random.below(abi::kSyscallCount); break;
    }
    auto number = abi::Syscall(raw_number);
    // Exclusion: ending the fuzzer's own process or thread is not a kernel bug.
    if (number == abi::Syscall::ProcessExit || number == abi::Syscall::ThreadExit)
        return;

    uint64_t args[6];
    bool known = raw_number < abi::kSyscallCount;
    const abi::SyscallInfo* info = known ? &abi::kSyscalls[raw_number] : nullptr;
    for (unsigned i = 0; i < 6; ++i) {
        bool declared = info && i < info->arg_count;
        args[i] = declared ? draw(info->args[i], number, i) : any_value();
    }
    // Some calls are steered where random pairs rarely go: a call the server receives, a
    // process started with its own thread.
    if (number == abi::Syscall::EndpointCall && m_random.below(2)) {
        args[0] = served_handle();
        args[1] = message_info() & 0xffff'ffff;
        args[2] = now_ns() + kServedWait;
    }
    if (number == abi::Syscall::ProcessStart && m_random.below(2))
        args[1] = thread_of(args[0]);
    // Exclusion: no argument is ever one of the fuzzer's vital handles (closing, killing,
    // replacing, granting or sending one would end or cripple the fuzzer). Flipping bit 40 makes
    // the value a handle the dispatcher refuses.
    for (uint64_t& arg : args) {
        if (is_protected(arg))
            arg |= 1ull << 40;
    }
    keep_away_from_own_memory(number, args);
    // Exclusion: debug_write prints to the console the test tools read, so it never gets a
    // pointer to readable memory other than kText (dots; a NUL or an escape sequence from a
    // random buffer would garble the log): its pointer is kText or one nothing can read.
    if (number == abi::Syscall::DebugWrite) {
        switch (m_random.below(4)) {
        case 0:
            args[0] = reinterpret_cast<uint64_t>(kText);
            args[1] = m_random.below(sizeof kText);
            m_dots = m_dots || args[1] != 0;
            break;
        case 1: args[0] = 0; break;
        case 2: args[0] = kernel_address(); break;
        default: args[0] = 0x1'0000 + m_random.below(0x3f'0000); break; // below the program
        }
    }
    if (number == abi::Syscall::EndpointCall || number == abi::Syscall::EndpointReplyAndWait)
        fill_ipc_buffer();

    if (g_trace)
        println("fuzz: call {} ({:#x}, {:#x}, {:#x}, {:#x}, {:#x}, {:#x})", raw_number, args[0],
                args[1], args[2], args[3], args[4], args[5]);
    abi::SyscallReturn result =
        sys::mica_syscall6(raw_number, args[0], args[1], args[2], args[3], args[4], args[5]);

    if (g_trace)
        println("fuzz: -> {}", result.status < abi::kStatusCount
                                   ? abi::status_name(abi::Status(result.status))
                                   : "undefined");
    if (result.status < abi::kStatusCount)
        ++m_status_counts[result.status];
    else if (m_unknown_status++ < 5)
        println("fuzz: syscall {} answered status {}, which the ABI does not define", raw_number,
                result.status);
    if (!known && result.status != uint64_t(abi::Status::BadSyscall) && m_wrong_unknown++ < 5)
        println("fuzz: unknown syscall {:#x} answered {} instead of bad_syscall", raw_number,
                result.status);
    if (!known || result.status != uint64_t(abi::Status::Ok))
        return;
    ++m_ok_per_syscall[raw_number];

    // New handles join the pool. Copies remember what they copy (our own address space, the
    // served endpoint); threads remember the process handle they were made with.
    Origin origin;
    if (number == abi::Syscall::HandleDuplicate || number == abi::Syscall::HandleReplace ||
        number == abi::Syscall::EndpointBadge)
        origin = origin_of(args[0]);
    if (number == abi::Syscall::ThreadCreate)
        origin = {.owner = abi::Handle(args[0])};
    for (unsigned i = 0; i < info->result_count; ++i) {
        if (info->results[i].kind == ArgKind::Handle)
            adopt(abi::Handle(result.value[i]), origin);
    }
    // Handles that arrived in our IPC buffer with a reply.
    if (number == abi::Syscall::EndpointCall) {
        uint32_t count = abi::ipc_info_handles(result.value[0]);
        for (uint32_t i = 0; i < count && i < abi::kIpcMaxHandles; ++i)
            adopt(m_ipc->handles[i]);
    }
}

void Fuzzer::run(uint64_t calls) {
    for (uint64_t i = 0; i < calls; ++i) {
        one_call();
        if (i % 64 == 63) {
            sweep();
            replenish();
        }
        if (i % 5000 == 4999) {
            println("{}fuzz: {} calls", m_dots ? "\n" : "", i + 1);
            m_dots = false;
        }
    }
}

// Kills the children the fuzzer made, closes what it holds, and checks that the kernel still
// does its job: a memory object round trip and a call to the server thread.
bool Fuzzer::tear_down_and_check() {
    sweep();
    for (size_t i = 0; i < m_pool_count; ++i) {
        abi::ObjectType type;
        abi::Rights rights;
        if (sys::handle_info(m_pool[i].handle, &type, &rights) == abi::Status::Ok &&
            type == abi::ObjectType::Process)
            (void)sys::process_kill(m_pool[i].handle);
    }
    while (m_pool_count)
        forget(m_pool_count - 1);
    bool healthy = true;
    OwnedHandle memory = make_memory(kPage);
    uint64_t value = 0x600d, read = 0;
    if (!memory || sys::memory_object_write(memory.get(), 8, &value, 8) != abi::Status::Ok ||
        sys::memory_object_read(memory.get(), 8, &read, 8) != abi::Status::Ok || read != value) {
        println("fuzz: after the run, a memory object round trip fails");
        healthy = false;
    }
    uint64_t reply_info = 0, w0 = 0, w1 = 0, w2 = 0;
    abi::Status called = sys::endpoint_call(m_endpoint.get(), 0, deadline_in(5 * kSecond), 0x77, 1,
                                            2, &reply_info, &w0, &w1, &w2);
    if (called != abi::Status::Ok || w0 != 0x77) {
        println("fuzz: after the run, the server thread does not answer: {} ({:#x})",
                abi::status_name(called), w0);
        healthy = false;
    }
    return healthy;
}

void Fuzzer::print_summary(uint64_t seed, uint64_t calls) const {
    println("");
    println("fuzz: seed {:#x}, {} calls, {} served by the server thread", seed, calls,
            g_server.served);
    for (uint64_t status = 0; status < abi::kStatusCount; ++status) {
        if (m_status_counts[status])
            println("fuzz:   {} {}", abi::status_name(abi::Status(status)),
                    m_status_counts[status]);
    }
    if (m_unknown_status)
        println("fuzz:   (undefined statuses) {}", m_unknown_status);
    int succeeded = 0;
    for (uint64_t count : m_ok_per_syscall)
        succeeded += count ? 1 : 0;
    println("fuzz: {} of {} syscalls succeeded at least once; never:", succeeded,
            abi::kSyscallCount);
    for (uint64_t number = 0; number < abi::kSyscallCount; ++number) {
        if (!m_ok_per_syscall[number])
            println("fuzz:   {}", abi::kSyscalls[number].name);
    }
}

} // namespace

int main(int argc, char** argv) {
    uint64_t seed = parse(argc > 1 ? argv[1] : nullptr, kDefaultSeed);
    uint64_t calls = parse(argc > 2 ? argv[2] : nullptr, kDefaultCalls);
    g_trace = argc > 3 && StringView(argv[3]) == "trace";
    println("fuzz: seed {:#x}, {} calls", seed, calls);
    static Fuzzer fuzzer(seed);
    if (auto ready = fuzzer.set_up(); ready.is_error()) {
        println("fuzz: cannot set up: {}", ready.error());
        return 2;
    }
    fuzzer.run(calls);
    bool healthy = fuzzer.tear_down_and_check();
    fuzzer.print_summary(seed, calls);
    bool passed = healthy && fuzzer.statuses_valid();
    println("fuzz: {}", passed ? "passed" : "FAILED");
    // The server thread is still blocked in the kernel; exit ends it with the process.
    sys::process_exit(passed ? 0 : 1);
}
