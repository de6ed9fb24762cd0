// Runs each ISA's tiny user programs (kernel/arch/<isa>/tests/user_test_programs.S) as real
// processes: code copied into a memory object mapped read+execute at kUserSpaceBase, a stack
// above it, one thread. What they do is in the arch contract's brief; each ends with an exit code
// these tests check. The user-space suite (user/tests) covers the syscalls themselves.

#include <abi/mica_abi.h>
#include <core/init_process.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <lib/align.h>
#include <object/memory_object.h>
#include <object/process.h>
#include <sched/scheduler.h>
#include <vm/heap_global.h>
#include <vm/page_table_format.h>
#include <vm/physical_memory.h>

#define USER_TEST_PROGRAM(name)                                                                    \
    extern "C" const uint8_t mica_user_test_##name[];                                              \
    extern "C" const uint8_t mica_user_test_##name##_end[];                                        \
    constexpr auto program_##name = [] {                                                           \
        return mica::Bytes(mica_user_test_##name,                                                  \
                           size_t(mica_user_test_##name##_end - mica_user_test_##name));           \
    };

USER_TEST_PROGRAM(hello)
USER_TEST_PROGRAM(fault)
USER_TEST_PROGRAM(illegal)
USER_TEST_PROGRAM(bad_pointer)
USER_TEST_PROGRAM(fpu)

using namespace mica;

namespace {

constexpr VirtAddr kCode = kUserSpaceBase;
constexpr uint64_t kStackSize = 4 * kPageSize;
constexpr VirtAddr kStackTop = 0x100'0000;

constexpr uint64_t kReadExecute =
    abi::map_flags::kRead | abi::map_flags::kExecute | abi::map_flags::kFixed;
constexpr uint64_t kReadWrite =
    abi::map_flags::kRead | abi::map_flags::kWrite | abi::map_flags::kFixed;

// A process running `code` with `argument` in its first register, started but not waited for.
Result<RefPtr<Process>> start_program(Bytes code, uint64_t argument) {
    RefPtr<Process> process = TRY(Process::create("user-test"));
    AddressSpaceObject& space = process->address_space();
    uint64_t code_size = align_up(code.size(), kPageSize);
    RefPtr<MemoryObject> text = TRY(MemoryObject::create(code_size));
    TRY(text->write(0, code.data(), code.size()));
    TRY(space.map_memory(move(text), abi::Rights::All, 0, code_size, kCode, kReadExecute));
    RefPtr<MemoryObject> stack = TRY(MemoryObject::create(kStackSize));
    TRY(space.map_memory(move(stack), abi::Rights::All, 0, kStackSize, kStackTop - kStackSize,
                         kReadWrite));
    RefPtr<UserThread> thread = TRY(UserThread::create(process, "main"));
    TRY(thread->start(kCode, kStackTop, argument, 0));
    return process;
}

Result<int64_t> run_program(Bytes code, uint64_t argument = 0) {
    RefPtr<Process> process = TRY(start_program(code, argument));
    return wait_for_process(*process);
}

constexpr int64_t kFaulted = static_cast<int64_t>(abi::kExitFaulted);

} // namespace

KTEST(user_programs, syscall_round_trip_and_exit_code) {
    Result<int64_t> code = run_program(program_hello());
    KASSERT(code.is_ok());
    KEXPECT_EQ(code.value(), int64_t{42});
}

KTEST(user_programs, kernel_address_load_ends_only_that_process) {
    Result<int64_t> code = run_program(program_fault());
    KASSERT(code.is_ok());
    KEXPECT_EQ(code.value(), kFaulted);
    // The kernel (and this test) carry on; another process still runs normally.
    Result<int64_t> after = run_program(program_hello());
    KASSERT(after.is_ok());
    KEXPECT_EQ(after.value(), int64_t{42});
}

KTEST(user_programs, illegal_instruction_ends_the_process) {
    Result<int64_t> code = run_program(program_illegal());
    KASSERT(code.is_ok());
    KEXPECT_EQ(code.value(), kFaulted);
}

KTEST(user_programs, kernel_pointer_to_a_syscall_is_bad_address) {
    Result<int64_t> code = run_program(program_bad_pointer());
    KASSERT(code.is_ok());
    KEXPECT_EQ(code.value(), int64_t(abi::Status::BadAddress));
}

KTEST(user_programs, fp_registers_survive_switches_between_processes) {
    // Three processes fill every FP/SIMD register with their own pattern and yield to each
    // other thousands of times; each checks its registers after every switch.
    RefPtr<Process> processes[3];
    for (uint64_t i = 0; i < 3; ++i) {
        Result<RefPtr<Process>> started = start_program(program_fpu(), i + 1);
        KASSERT(started.is_ok());
        processes[i] = move(started.value());
    }
    for (RefPtr<Process>& process : processes)
        KEXPECT_EQ(wait_for_process(*process), int64_t{0});
}

uint64_t free_frames() {
    heap::shrink(); // empty slabs are cached, not used
    return physical_memory::frames().stats().free_frames;
}

KTEST(user_programs, ended_processes_give_their_memory_back) {
    // One run first: the heap's slab caches for these object sizes are then warm, and later runs
    // must not need a single frame more.
    KASSERT(run_program(program_hello()).is_ok());
    uint64_t processes = Process::live_count();
    uint64_t frames = free_frames();
    for (int i = 0; i < 20; ++i) {
        Result<int64_t> code = run_program(program_hello());
        KASSERT(code.is_ok());
    }
    KEXPECT_EQ(Process::live_count(), processes);
    // A dead thread's kernel stack is freed by the next thread on its CPU, just after the switch
    // away from it, which may come a moment after process_wait saw the end: look a few times.
    uint64_t now = free_frames();
    for (int attempt = 0; attempt < 100 && now != frames; ++attempt) {
        sched::sleep_ns(1'000'000);
        now = free_frames();
    }
    KEXPECT_EQ(now, frames);
}
