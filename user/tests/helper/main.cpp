// test_helper: the child process of the user-space test suite. One program with many modes
// (helper/protocol.h) rather than many programs: the suite starts it from the boot archive with
// the mode as argv[1] and checks how it ends (exit codes, faults) and what it answers (echo).

#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <arch.h>
#include <helper/protocol.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <string.h>
#include <support/probes.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;
using namespace mica::test::helper;

namespace {

// Read through volatile globals so the compiler cannot see (and optimise away, or turn into a
// trap instruction) the bad accesses the fault modes make.
volatile uintptr_t g_null_address = 0;
volatile uintptr_t g_kernel_address = kKernelAddress;

int64_t parse_number(const char* text) {
    if (!text)
        return 0;
    bool negative = *text == '-';
    if (negative)
        ++text;
    int64_t value = 0;
    for (; *text >= '0' && *text <= '9'; ++text)
        value = value * 10 + (*text - '0');
    return negative ? -value : value;
}

[[noreturn]] void sleep_forever() {
    for (;;)
        (void)sys::thread_sleep(abi::kDeadlineInfinite);
}

[[noreturn]] void spin_forever() {
    for (;;)
        (void)sys::thread_yield();
}

void block_on_notification(void* notification, abi::IpcBuffer*) {
    uint64_t bits = 0;
    (void)sys::notification_wait(abi::Handle(reinterpret_cast<uintptr_t>(notification)),
                                 abi::kDeadlineInfinite, &bits);
}

// Allocates what a process can own and touches every page of its memory, so that the test of
// frame accounting sees page tables, kernel stacks and memory objects all freed by the exit.
int map_and_touch(bool spin) {
    OwnedHandle memory = make_memory(kMapperBytes);
    if (!memory)
        return 1;
    Mapping mapping = Mapping::map(memory.get(), kMapperBytes);
    if (!mapping)
        return 2;
    for (uint64_t offset = 0; offset < kMapperBytes; offset += 4096)
        mapping.as<volatile uint64_t>()[offset / 8] = offset;
    // A second mapping far from the first needs page tables of its own.
    uint64_t far = 0;
    if (sys::address_space_map(self_address_space(), memory.get(), 0, 4096, 0x30'0000'0000,
                               abi::map_flags::kRead, &far) != abi::Status::Ok)
        return 3;
    OwnedHandle endpoint = make_endpoint();
    OwnedHandle notification = make_notification();
    if (!endpoint || !notification)
        return 4;
    // Threads blocked in the kernel when the process ends; their stacks are never unmapped by us.
    for (int i = 0; i < 2; ++i) {
        auto thread = Thread::start(block_on_notification,
                                    reinterpret_cast<void*>(uintptr_t(notification.get())));
        if (thread.is_error())
            return 5;
        thread.value().abandon();
    }
    // Nothing is closed or unmapped on purpose: the kernel must clean up after the process.
    (void)memory.release();
    (void)endpoint.release();
    (void)notification.release();
    if (spin)
        spin_forever();
    sys::process_exit(0);
}

// Echo mode: serves calls on the Bootstrap endpoint until killed (or told to exit).
int serve() {
    abi::Handle endpoint = startup_handle(abi::StartupRole::Bootstrap);
    if (endpoint == kInvalidHandle) {
        println("test_helper: echo: no Bootstrap endpoint");
        return 1;
    }
    abi::IpcBuffer& buffer = main_ipc_buffer();
    uint64_t reply_info = 0, reply[3] = {};
    for (;;) {
        uint64_t info = 0, badge = 0, words[3] = {};
        abi::Status status = sys::endpoint_reply_and_wait(
            endpoint, reply_info, abi::kDeadlineInfinite, reply[0], reply[1], reply[2], &info,
            &badge, &words[0], &words[1], &words[2]);
        reply_info = 0;
        if (status != abi::Status::Ok) {
            // A reply that could not be sent (its handles) or a receive that failed: the test
            // that caused it sees its own error; keep serving the others.
            println("test_helper: echo: endpoint_reply_and_wait: {}", abi::status_name(status));
            continue;
        }
        uint32_t label = abi::ipc_info_label(info);
        uint32_t extra = abi::ipc_info_words(info);
        uint32_t handles = abi::ipc_info_handles(info);
        switch (label) {
        case kLabelEcho:
            for (uint32_t i = 0; i < 3; ++i)
                reply[i] = words[i] + 1;
            for (uint32_t i = 0; i < extra; ++i)
                buffer.words[i] += 1;
            // The received handles are listed in the buffer already: sending them moves them back.
            reply_info = abi::ipc_info(label, extra, handles);
            break;
        case kLabelBadge:
            reply[0] = badge;
            reply[1] = reply[2] = 0;
            reply_info = abi::ipc_info(label, 0, 0);
            break;
        case kLabelShared: {
            reply[0] = reply[1] = reply[2] = 0;
            reply_info = abi::ipc_info(0xffff, 0, 0); // "could not": replaced on success
            if (handles != 1)
                break;
            OwnedHandle memory(buffer.handles[0]);
            Mapping mapping = Mapping::map(memory.get(), 4096);
            if (!mapping)
                break;
            reply[0] = mapping.as<volatile uint64_t>()[0];
            mapping.as<volatile uint64_t>()[1] = words[0];
            reply_info = abi::ipc_info(label, 0, 0);
            break;
        }
        case kLabelExit:
            // Reply, then poll once (should_wait) so the reply is out before the process ends.
            (void)sys::endpoint_reply_and_wait(
                endpoint, abi::ipc_info_flags::kHasReply | abi::ipc_info(label, 0, 0),
                abi::kDeadlineNow, 0, 0, 0, &info, &badge, &words[0], &words[1], &words[2]);
            sys::process_exit(int64_t(words[0]));
        case kLabelHang: sleep_forever();
        case kLabelFault: (void)*reinterpret_cast<volatile uint64_t*>(g_null_address); return 98;
        default:
            reply[0] = reply[1] = reply[2] = 0;
            reply_info = abi::ipc_info(0xffff, 0, 0);
            break;
        }
        reply_info |= abi::ipc_info_flags::kHasReply;
    }
}

// The port modes: `mode` is one of kModePort*.
int use_ports(StringView mode) {
    abi::Handle range = startup_handle(abi::StartupRole::IoPortRange);
    if (mode == kModePortDenied) {
        (void)arch::port_read8(kScratchPort);
        return kSurvivedFault;
    }
    if (sys::io_port_access(range, 1) != abi::Status::Ok)
        return 100;
    arch::port_write8(kScratchPort, kScratchValue);
    uint8_t value = arch::port_read8(kScratchPort);
    if (mode == kModePortAllowed)
        return value;
    if (value != kScratchValue || sys::io_port_access(range, 0) != abi::Status::Ok)
        return 101;
    (void)arch::port_read8(kScratchPort);
    return kSurvivedFault;
}

} // namespace

int main(int argc, char** argv) {
    StringView mode = argc > 1 ? StringView(argv[1]) : StringView();
    const char* number = argc > 2 ? argv[2] : nullptr;
    if (mode == kModeExit)
        sys::process_exit(parse_number(number));
    if (mode == kModeReturn)
        return int(parse_number(number));
    if (mode == kModeNull) {
        (void)*reinterpret_cast<volatile uint64_t*>(g_null_address);
        return kSurvivedFault;
    }
    if (mode == kModeKernel) {
        (void)*reinterpret_cast<volatile uint64_t*>(g_kernel_address);
        return kSurvivedFault;
    }
    if (mode == kModeIllegal) {
        mica_test_illegal_instruction();
        return kSurvivedFault;
    }
    if (mode == kModeWriteCode) {
        *reinterpret_cast<volatile uint32_t*>(reinterpret_cast<uintptr_t>(&parse_number)) = 0;
        return kSurvivedFault;
    }
    if (mode == kModeSpin)
        spin_forever();
    if (mode == kModeSleepExit) {
        sleep_ns(uint64_t(parse_number(number)) * kMillisecond);
        return kSleepExitCode;
    }
    if (mode == kModeMapper || mode == kModeMapperSpin)
        return map_and_touch(mode == kModeMapperSpin);
    if (mode == kModeEcho)
        return serve();
    if (mode == kModePortDenied || mode == kModePortAllowed || mode == kModePortRevoked)
        return use_ports(mode);
    println("test_helper: unknown mode '{}'", mode);
    return 127;
}
