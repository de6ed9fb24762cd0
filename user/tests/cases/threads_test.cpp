// Threads inside one process: creation, start, termination, their checks, and that each thread's
// FP/SIMD registers survive the kernel switching between threads that use them differently.

#include <framework/test.h>
#include <lib/atomic.h>
#include <support/probes.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;

namespace {

void add_one(void* counter, abi::IpcBuffer*) {
    static_cast<Atomic<uint64_t>*>(counter)->fetch_add(1, MemoryOrder::SequentiallyConsistent);
}

struct FpuRun {
    uint64_t pattern[arch::kFpuWords];
    uint64_t out[arch::kFpuWords];
    int mismatches = 0;
};

void fill_pattern(FpuRun& run, uint64_t seed, uint64_t control) {
    Random random(seed);
    for (unsigned i = 0; i < arch::kFpuVectorWords; ++i)
        run.pattern[i] = random.next();
    run.pattern[arch::kFpuVectorWords] = control;
}

// Loads the registers, yields many times (other threads run meanwhile), checks them.
void fpu_worker(void* argument, abi::IpcBuffer*) {
    auto& run = *static_cast<FpuRun*>(argument);
    for (int round = 0; round < 20; ++round) {
        for (uint64_t& word : run.out)
            word = 0;
        mica_test_fpu_probe(run.pattern, run.out, uint64_t(abi::Syscall::ThreadYield), 25);
        for (unsigned i = 0; i < arch::kFpuWords; ++i) {
            if (run.out[i] != run.pattern[i])
                ++run.mismatches;
        }
    }
}

// The same idea from C++: two threads iterate different floating-point recurrences and yield
// between steps; the result must be what one thread alone computes.
double recurrence(double x, double factor, int steps, bool yield) {
    volatile double acc = x;
    for (int i = 0; i < steps; ++i) {
        acc = acc * factor + 0.5 / (i + 1);
        if (yield)
            (void)sys::thread_yield();
    }
    return acc;
}

struct FloatRun {
    double start, factor;
    double result = 0;
};

void float_worker(void* argument, abi::IpcBuffer*) {
    auto& run = *static_cast<FloatRun*>(argument);
    run.result = recurrence(run.start, run.factor, 200, true);
}

void exit_immediately(void*, abi::IpcBuffer*) {}

} // namespace

TEST(thread_runs_and_its_end_is_observable) {
    Atomic<uint64_t> counter{0};
    auto thread = Thread::start(add_one, &counter);
    ASSERT_TRUE(thread.is_ok());
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(counter.load(), 1u);
    uint64_t observed = 0;
    EXPECT_OK(sys::object_wait(thread.value().handle(), abi::signal_flags::kTerminated,
                               abi::kDeadlineNow, &observed));
    EXPECT_TRUE(observed & abi::signal_flags::kTerminated);
}

TEST(many_threads_run_and_end) {
    Atomic<uint64_t> counter{0};
    constexpr int kThreads = 12;
    Thread threads[kThreads];
    for (Thread& thread : threads) {
        auto started = Thread::start(add_one, &counter);
        ASSERT_TRUE(started.is_ok());
        thread = started.release_value();
    }
    for (Thread& thread : threads)
        EXPECT_TRUE(thread.join(deadline_in(5 * kSecond)));
    EXPECT_EQ(counter.load(), uint64_t(kThreads));
}

TEST(fpu_registers_survive_yields_between_threads) {
    static FpuRun runs[3];
    for (int i = 0; i < 3; ++i)
        fill_pattern(runs[i], 0xf00 + i, arch::kFpuControl[i % 2]);
    auto a = Thread::start(fpu_worker, &runs[0]);
    auto b = Thread::start(fpu_worker, &runs[1]);
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    fpu_worker(&runs[2], nullptr); // and this thread too
    EXPECT_TRUE(a.value().join(deadline_in(10 * kSecond)));
    EXPECT_TRUE(b.value().join(deadline_in(10 * kSecond)));
    for (FpuRun& run : runs)
        EXPECT_EQ(run.mismatches, 0);
}

TEST(floating_point_results_do_not_depend_on_interleaving) {
    double alone_a = recurrence(1.25, 0.999, 200, false);
    double alone_b = recurrence(-3.5, 1.001, 200, false);
    FloatRun a{1.25, 0.999}, b{-3.5, 1.001};
    auto first = Thread::start(float_worker, &a);
    auto second = Thread::start(float_worker, &b);
    ASSERT_TRUE(first.is_ok() && second.is_ok());
    EXPECT_TRUE(first.value().join(deadline_in(10 * kSecond)));
    EXPECT_TRUE(second.value().join(deadline_in(10 * kSecond)));
    // Bitwise equality: the same operations in the same order give the same bits.
    EXPECT_EQ(__builtin_bit_cast(uint64_t, a.result), __builtin_bit_cast(uint64_t, alone_a));
    EXPECT_EQ(__builtin_bit_cast(uint64_t, b.result), __builtin_bit_cast(uint64_t, alone_b));
}

TEST(thread_start_twice_is_bad_state) {
    auto thread = Thread::start(exit_immediately, nullptr);
    ASSERT_TRUE(thread.is_ok());
    EXPECT_EQ(sys::thread_start(thread.value().handle(), 0x400000, 0x500000, 0, 0),
              Status::BadState);
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    // Ended is not restartable either.
    EXPECT_EQ(sys::thread_start(thread.value().handle(), 0x400000, 0x500000, 0, 0),
              Status::BadState);
}

TEST(thread_create_checks_its_arguments) {
    abi::Handle thread = kInvalidHandle;
    EXPECT_EQ(sys::thread_create(self_process(), "t", 1, 1, &thread), Status::InvalidArgument);
    char long_name[40];
    for (char& c : long_name)
        c = 'x';
    EXPECT_EQ(sys::thread_create(self_process(), long_name, 33, 0, &thread),
              Status::InvalidArgument);
    ASSERT_OK(sys::thread_create(self_process(), long_name, 32, 0, &thread));
    OwnedHandle owned(thread); // never started: closing it destroys it
    OwnedHandle memory = make_memory(4096);
    EXPECT_EQ(sys::thread_create(memory.get(), "t", 1, 0, &thread), Status::WrongType);
}

TEST(thread_of_a_process_not_yet_started_cannot_start) {
    abi::Handle process = kInvalidHandle, space = kInvalidHandle, thread = kInvalidHandle;
    ASSERT_OK(sys::process_create("unstarted", 9, 0, &process, &space));
    OwnedHandle owned_process(process), owned_space(space);
    ASSERT_OK(sys::thread_create(process, "t", 1, 0, &thread));
    OwnedHandle owned_thread(thread);
    EXPECT_EQ(sys::thread_start(thread, 0x400000, 0x500000, 0, 0), Status::BadState);
}

TEST(thread_sleep_waits_until_its_deadline) {
    uint64_t start = now_ns();
    uint64_t deadline = start + 20 * kMillisecond;
    EXPECT_OK(sys::thread_sleep(deadline));
    EXPECT_GE(now_ns(), deadline);
    // A deadline in the past, or deadline_now, returns at once.
    EXPECT_OK(sys::thread_sleep(abi::kDeadlineNow));
    EXPECT_OK(sys::thread_sleep(1));
}

TEST(clock_is_monotonic_and_only_clock_zero_exists) {
    uint64_t previous = now_ns();
    bool monotonic = true;
    for (int i = 0; i < 1000; ++i) {
        uint64_t now = now_ns();
        monotonic = monotonic && now >= previous;
        previous = now;
    }
    EXPECT_TRUE(monotonic);
    uint64_t value = 0;
    EXPECT_EQ(sys::clock_get(1, &value), Status::InvalidArgument);
    EXPECT_EQ(sys::clock_get(~0ull, &value), Status::InvalidArgument);
}
