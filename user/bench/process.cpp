// The process row: start a process and wait for it to end. Mica has no fork; its way to make a
// process is spawn() (process_create, one memory object per ELF segment copied from the boot
// archive, stack, startup block, grants, thread, process_start), so the child is this program
// again in `exit` mode, which returns from main at once. Linux's row is fork + _exit + waitpid.

#include <support.h>

namespace mica::bench {

namespace {

constexpr uint64_t kProcesses = 100;

SysResult<void> run_one() {
    OwnedHandle child = TRY(spawn_self(kModeExit));
    int64_t code = 0;
    TRY(check(sys::process_wait(child.get(), abi::kDeadlineInfinite, &code), "process_wait"));
    if (code != 0)
        return SysError{abi::Status::BadState, "process_wait", "the child did not exit with 0"};
    return {};
}

} // namespace

void process_row() {
    for (uint64_t i = 0; i < 3; ++i) {
        if (auto done = run_one(); done.is_error())
            return report_error("process_create_exit", done.error());
    }
    uint64_t start = timing_start();
    for (uint64_t i = 0; i < kProcesses; ++i) {
        if (auto done = run_one(); done.is_error())
            return report_error("process_create_exit", done.error());
    }
    report("process_create_exit", timing_stop(start), kProcesses);
}

} // namespace mica::bench
