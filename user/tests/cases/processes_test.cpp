// Processes: exit codes, faults that end only the faulting child, kill, waiting for termination,
// memory shared with a child, frames freed by a child's death, and the checks of process_create,
// process_start and process_grant.

#include <framework/test.h>
#include <helper/protocol.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;
using namespace mica::test::helper;

namespace {

int64_t run_helper(StringView mode, StringView number = {}) {
    StringView arguments[] = {mode, number};
    auto child = spawn_helper(Span<const StringView>(arguments, number.is_empty() ? 1 : 2));
    if (child.is_error()) {
        println("tests: cannot start the helper: {}", child.error());
        return kNoExit;
    }
    return wait_for_exit(child.value().get());
}

uint64_t info(uint64_t topic) {
    uint64_t value = 0;
    if (sys::system_info(root_resource(), topic, &value) != Status::Ok)
        return ~0ull;
    return value;
}

// A child whose process and first thread exist but which runs nothing yet.
struct Unstarted {
    OwnedHandle process;
    OwnedHandle space;
    OwnedHandle thread;
};

Unstarted make_unstarted(StringView name = "unstarted") {
    abi::Handle process = kInvalidHandle, space = kInvalidHandle, thread = kInvalidHandle;
    if (sys::process_create(name.data(), name.length(), 0, &process, &space) != Status::Ok)
        return {};
    Unstarted child{OwnedHandle(process), OwnedHandle(space), {}};
    if (sys::thread_create(process, "main", 4, 0, &thread) == Status::Ok)
        child.thread = OwnedHandle(thread);
    return child;
}

} // namespace

TEST(child_exit_code_is_reported) {
    EXPECT_EQ(run_helper(kModeExit, "42"), 42);
    EXPECT_EQ(run_helper(kModeExit, "-5"), -5);
    EXPECT_EQ(run_helper(kModeReturn, "3"), 3);
    EXPECT_EQ(run_helper(kModeExit, "0"), 0);
}

TEST(child_null_dereference_faults_only_the_child) {
    EXPECT_EQ(run_helper(kModeNull), int64_t(abi::kExitFaulted));
    EXPECT_EQ(run_helper(kModeExit, "1"), 1); // and life goes on
}

TEST(child_kernel_address_read_faults_only_the_child) {
    EXPECT_EQ(run_helper(kModeKernel), int64_t(abi::kExitFaulted));
}

TEST(child_illegal_instruction_faults_only_the_child) {
    EXPECT_EQ(run_helper(kModeIllegal), int64_t(abi::kExitFaulted));
}

TEST(child_write_to_its_code_faults_only_the_child) {
    EXPECT_EQ(run_helper(kModeWriteCode), int64_t(abi::kExitFaulted));
}

TEST(faulting_child_does_not_disturb_a_running_sibling) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EXPECT_EQ(run_helper(kModeNull), int64_t(abi::kExitFaulted));
    EXPECT_EQ(run_helper(kModeIllegal), int64_t(abi::kExitFaulted));
    uint64_t info, w0, w1, w2;
    EXPECT_OK(sys::endpoint_call(server.value().client.get(), abi::ipc_info(kLabelEcho, 0, 0),
                                 deadline_in(5 * kSecond), 10, 20, 30, &info, &w0, &w1, &w2));
    EXPECT_EQ(w0, 11u);
    (void)sys::process_kill(server.value().process.get());
    EXPECT_EQ(wait_for_exit(server.value().process.get()), int64_t(abi::kExitKilled));
}

TEST(process_kill_ends_a_running_child) {
    auto child = spawn_helper(kModeSpin);
    ASSERT_TRUE(child.is_ok());
    sleep_ns(10 * kMillisecond);
    ASSERT_OK(sys::process_kill(child.value().get()));
    EXPECT_EQ(wait_for_exit(child.value().get()), int64_t(abi::kExitKilled));
    // Killing what already ended changes nothing.
    EXPECT_OK(sys::process_kill(child.value().get()));
    int64_t code = 0;
    EXPECT_OK(sys::process_wait(child.value().get(), abi::kDeadlineNow, &code));
    EXPECT_EQ(code, int64_t(abi::kExitKilled));
}

TEST(object_wait_observes_process_termination) {
    auto child = spawn_helper(kModeSpin);
    ASSERT_TRUE(child.is_ok());
    abi::Handle process = child.value().get();
    uint64_t observed = 0;
    EXPECT_EQ(
        sys::object_wait(process, abi::signal_flags::kTerminated, abi::kDeadlineNow, &observed),
        Status::ShouldWait);
    uint64_t deadline = deadline_in(20 * kMillisecond);
    EXPECT_EQ(sys::object_wait(process, abi::signal_flags::kTerminated, deadline, &observed),
              Status::TimedOut);
    EXPECT_GE(now_ns(), deadline);
    int64_t code = 0;
    EXPECT_EQ(sys::process_wait(process, abi::kDeadlineNow, &code), Status::ShouldWait);
    EXPECT_EQ(sys::process_wait(process, deadline_in(10 * kMillisecond), &code), Status::TimedOut);
    ASSERT_OK(sys::process_kill(process));
    EXPECT_OK(sys::object_wait(process, abi::signal_flags::kTerminated, deadline_in(5 * kSecond),
                               &observed));
    EXPECT_TRUE(observed & abi::signal_flags::kTerminated);
}

TEST(object_wait_blocks_until_a_child_exits_by_itself) {
    StringView arguments[] = {kModeSleepExit, "30"};
    auto child = spawn_helper(Span<const StringView>(arguments, 2));
    ASSERT_TRUE(child.is_ok());
    uint64_t observed = 0;
    EXPECT_OK(sys::object_wait(child.value().get(), abi::signal_flags::kTerminated,
                               deadline_in(10 * kSecond), &observed));
    EXPECT_TRUE(observed & abi::signal_flags::kTerminated);
    int64_t code = 0;
    EXPECT_OK(sys::process_wait(child.value().get(), abi::kDeadlineNow, &code));
    EXPECT_EQ(code, int64_t(kSleepExitCode));
}

TEST(memory_shared_through_a_memory_object_is_seen_by_both_processes) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    Mapping mapping = Mapping::map(memory.get(), 4096);
    ASSERT_TRUE(mapping);
    mapping.as<volatile uint64_t>()[0] = 0x5ca1ab1e;
    OwnedHandle gift =
        duplicate(memory.get(), Rights::Read | Rights::Write | Rights::Map | Rights::Transfer);
    ASSERT_TRUE(gift);
    ipc_buffer().handles[0] = gift.release();
    uint64_t reply_info, w0, w1, w2;
    ASSERT_OK(sys::endpoint_call(server.value().client.get(), abi::ipc_info(kLabelShared, 0, 1),
                                 deadline_in(5 * kSecond), 0xfeed, 0, 0, &reply_info, &w0, &w1,
                                 &w2));
    EXPECT_EQ(abi::ipc_info_label(reply_info), uint32_t(kLabelShared));
    EXPECT_EQ(w0, 0x5ca1ab1eu);                             // it read what we wrote
    EXPECT_EQ(mapping.as<volatile uint64_t>()[1], 0xfeedu); // we see what it wrote
    (void)sys::process_kill(server.value().process.get());
    (void)wait_for_exit(server.value().process.get());
    // The child is gone; the memory is still ours.
    EXPECT_EQ(mapping.as<volatile uint64_t>()[1], 0xfeedu);
}

TEST(exited_process_frees_all_its_frames) {
    // A first run warms whatever the kernel keeps once made (slab pages for new object sizes).
    EXPECT_EQ(run_helper(kModeMapper), 0);
    uint64_t before = stable_free_frames();
    EXPECT_EQ(run_helper(kModeMapper), 0);
    EXPECT_EQ(free_frames_reaching(before), before);
}

TEST(killed_process_frees_all_its_frames) {
    EXPECT_EQ(run_helper(kModeMapper), 0);
    uint64_t before = stable_free_frames();
    {
        auto child = spawn_helper(kModeMapperSpin);
        ASSERT_TRUE(child.is_ok());
        // Let it map its memory and start its threads before it dies.
        sleep_ns(50 * kMillisecond);
        EXPECT_GE(before - info(abi::kInfoFreeFrames), kMapperBytes / 4096);
        ASSERT_OK(sys::process_kill(child.value().get()));
        EXPECT_EQ(wait_for_exit(child.value().get()), int64_t(abi::kExitKilled));
    }
    EXPECT_EQ(free_frames_reaching(before), before);
}

TEST(system_info_counts_processes_and_frames) {
    uint64_t processes = info(abi::kInfoProcesses);
    EXPECT_GE(processes, 2u); // init and us
    auto child = spawn_helper(kModeSpin);
    ASSERT_TRUE(child.is_ok());
    EXPECT_EQ(info(abi::kInfoProcesses), processes + 1);
    ASSERT_OK(sys::process_kill(child.value().get()));
    (void)wait_for_exit(child.value().get());
    EXPECT_EQ(info(abi::kInfoProcesses), processes);
    // A created, never started process counts until its last handle goes.
    {
        Unstarted unstarted = make_unstarted();
        ASSERT_TRUE(unstarted.process);
        EXPECT_EQ(info(abi::kInfoProcesses), processes + 1);
    }
    EXPECT_EQ(info(abi::kInfoProcesses), processes);

    uint64_t total = info(abi::kInfoTotalFrames), free = info(abi::kInfoFreeFrames);
    EXPECT_GE(total, 1000u);
    EXPECT_LE(free, total);
    EXPECT_GE(info(abi::kInfoCpusOnline), 1u);
    EXPECT_LE(info(abi::kInfoCpusOnline), 64u);
    uint64_t value = 0;
    EXPECT_EQ(sys::system_info(root_resource(), 4, &value), Status::InvalidArgument);
    EXPECT_EQ(sys::system_info(root_resource(), ~0ull, &value), Status::InvalidArgument);
}

TEST(process_create_checks_its_arguments) {
    abi::Handle process = kInvalidHandle, space = kInvalidHandle;
    EXPECT_EQ(sys::process_create("x", 1, 1, &process, &space), Status::InvalidArgument);
    char long_name[40];
    for (char& c : long_name)
        c = 'p';
    EXPECT_EQ(sys::process_create(long_name, 33, 0, &process, &space), Status::InvalidArgument);
    ASSERT_OK(sys::process_create(long_name, 32, 0, &process, &space));
    EXPECT_OK(sys::handle_close(process));
    EXPECT_OK(sys::handle_close(space));
    // An empty name is fine.
    ASSERT_OK(sys::process_create(nullptr, 0, 0, &process, &space));
    EXPECT_OK(sys::handle_close(process));
    EXPECT_OK(sys::handle_close(space));
}

TEST(process_with_nothing_mapped_faults_at_its_entry) {
    Unstarted child = make_unstarted("empty");
    ASSERT_TRUE(child.process && child.thread);
    ASSERT_OK(
        sys::process_start(child.process.get(), child.thread.get(), 0x400000, 0x500000, 0, 0));
    EXPECT_EQ(wait_for_exit(child.process.get()), int64_t(abi::kExitFaulted));
    // Started once: never again.
    EXPECT_EQ(sys::process_start(child.process.get(), child.thread.get(), 0x400000, 0x500000, 0, 0),
              Status::BadState);
}

TEST(process_entry_in_kernel_space_faults_the_child) {
    Unstarted child = make_unstarted("kernel-entry");
    ASSERT_TRUE(child.process && child.thread);
    Status started = sys::process_start(child.process.get(), child.thread.get(),
                                        kKernelImageAddress, kKernelAddress, 0, 0);
    if (started == Status::Ok)
        EXPECT_EQ(wait_for_exit(child.process.get()), int64_t(abi::kExitFaulted));
    else
        EXPECT_EQ(started, Status::InvalidArgument); // refusing it up front is fine too
}

TEST(process_start_takes_only_its_own_thread) {
    Unstarted first = make_unstarted("first");
    Unstarted second = make_unstarted("second");
    ASSERT_TRUE(first.thread && second.thread);
    EXPECT_EQ(
        sys::process_start(first.process.get(), second.thread.get(), 0x400000, 0x500000, 0, 0),
        Status::InvalidArgument);
    EXPECT_EQ(
        sys::process_start(first.process.get(), first.process.get(), 0x400000, 0x500000, 0, 0),
        Status::WrongType);
}

TEST(process_grant_moves_a_handle_into_the_child) {
    Unstarted child = make_unstarted("grant");
    ASSERT_TRUE(child.process);
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    abi::Handle moved = memory.release();
    abi::Handle granted = kInvalidHandle;
    ASSERT_OK(sys::process_grant(child.process.get(), moved, &granted));
    EXPECT_NE(granted, kInvalidHandle);
    abi::ObjectType type;
    Rights rights;
    EXPECT_EQ(sys::handle_info(moved, &type, &rights), Status::BadHandle);
    // Bad targets.
    OwnedHandle other = make_memory(4096);
    EXPECT_EQ(sys::process_grant(other.get(), other.get(), &granted), Status::WrongType);
    EXPECT_EQ(sys::process_grant(child.process.get(), 0, &granted), Status::BadHandle);
}

TEST(unstarted_process_holding_handles_to_itself_is_freed_when_closed) {
    // spawn() grants a child handles to itself (SelfProcess, SelfThread) before starting it, and
    // closes everything if a later step fails, expecting that to destroy the unstarted child.
    // Here the same situation by hand: the child's table holds a handle to the child and to its
    // thread, and then we close ours. Nothing can ever run in or reach that process again, so it
    // must go (and with it its memory).
    uint64_t processes = info(abi::kInfoProcesses);
    uint64_t before = stable_free_frames();
    {
        Unstarted child = make_unstarted("self-holder");
        ASSERT_TRUE(child.process && child.thread);
        OwnedHandle memory = make_memory(64 * 4096);
        ASSERT_TRUE(memory);
        abi::Handle granted = kInvalidHandle;
        ASSERT_OK(sys::process_grant(child.process.get(), memory.release(), &granted));
        ASSERT_OK(sys::process_grant(
            child.process.get(),
            duplicate(child.process.get(), Rights::Wait | Rights::Transfer).release(), &granted));
        ASSERT_OK(sys::process_grant(
            child.process.get(),
            duplicate(child.thread.get(), Rights::Wait | Rights::Transfer).release(), &granted));
        EXPECT_EQ(info(abi::kInfoProcesses), processes + 1);
    }
    for (int i = 0; i < 50 && info(abi::kInfoProcesses) != processes; ++i)
        sleep_ns(2 * kMillisecond);
    EXPECT_EQ(info(abi::kInfoProcesses), processes);
    EXPECT_EQ(free_frames_reaching(before), before);
}
