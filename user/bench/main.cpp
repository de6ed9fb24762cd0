// The instruction-count benchmark (tools/bench/run.sh boots it under qemu -icount). It runs as the
// first user process, packed as `init` in an archive of its own (CMakeLists.txt), prints one
// `bench: <row> <instructions per operation> n=<iterations> total=<instructions>` line per row and
// exits with 0, which makes the kernel power the machine off.
//
//   bench           (as init) every row, in order
//   bench server    the child the IPC and notification rows talk to (ipc.cpp)
//   bench exit      the child the process row starts and waits for: it returns at once

#include <boot_counter.h>
#include <mica/print.h>
#include <support.h>

using namespace mica;
using namespace mica::bench;

int main(int argc, char** argv) {
    // Before anything else: how far the machine got from reset to here (libmica's _start and
    // startup() ran first, a few hundred instructions).
    uint64_t first_user_counter = bench::arch::instructions_since_reset();
    StringView mode = argc > 1 ? StringView(argv[1]) : StringView();
    if (mode == kModeExit)
        return 0;
    if (mode == kModeServer)
        return serve();

    println("bench: start");
    boot_row(first_user_counter);
    syscall_rows();
    ipc_rows();
    yield_row();
    page_map_row();
    process_row();
    println("bench: done");
    return 0;
}
