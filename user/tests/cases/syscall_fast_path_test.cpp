// The syscalls the kernel answers at its entry, before the full register save
// (kernel/syscall/fast_path.cpp): the same results as the full path, and every register the ABI
// says the kernel keeps still holds its value afterwards, on the fast path and on the full path
// next to it.

#include <framework/test.h>
#include <support/probes.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

constexpr uint64_t kClockGet = uint64_t(abi::Syscall::ClockGet);

struct ProbeRun {
    uint64_t changed = 0;
    uint64_t out[6] = {~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
};

ProbeRun probe(uint64_t number, uint64_t arg0) {
    ProbeRun run;
    run.changed = mica_test_syscall_register_probe(number, arg0, run.out);
    return run;
}

} // namespace

TEST(fast_clock_get_keeps_registers_and_reads_the_clock) {
    uint64_t before = now_ns();
    ProbeRun run = probe(kClockGet, 0);
    uint64_t after = now_ns();
    EXPECT_EQ(run.changed, 0ull);
    EXPECT_EQ(run.out[0], uint64_t(Status::Ok));
    EXPECT_GE(run.out[1], before);
    EXPECT_LE(run.out[1], after);
    for (unsigned i = 2; i < 6; ++i)
        EXPECT_EQ(run.out[i], 0ull);
}

TEST(full_path_next_to_the_fast_one_keeps_registers) {
    // clock_get with another clock and a syscall that switches threads both go the full way.
    ProbeRun bad_clock = probe(kClockGet, 1);
    EXPECT_EQ(bad_clock.changed, 0ull);
    EXPECT_EQ(bad_clock.out[0], uint64_t(Status::InvalidArgument));
    ProbeRun yield = probe(uint64_t(abi::Syscall::ThreadYield), 0);
    EXPECT_EQ(yield.changed, 0ull);
    EXPECT_EQ(yield.out[0], uint64_t(Status::Ok));
}

TEST(fast_clock_get_is_monotonic_across_many_calls) {
    uint64_t previous = 0;
    bool monotonic = true;
    for (int i = 0; i < 1000; ++i) {
        ProbeRun run = probe(kClockGet, 0);
        monotonic = monotonic && run.changed == 0 && run.out[1] >= previous;
        previous = run.out[1];
    }
    EXPECT_TRUE(monotonic);
}
