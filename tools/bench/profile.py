#!/usr/bin/env python3
"""Where the instructions of one benchmark row go: per function, per operation.

    tools/bench/profile.py [--arch ISA] [--build DIR] [--out DIR] [--no-icount] ROW

Boots Mica's benchmark (as tools/bench/bench.py does) with the insn_count plugin recording the
row's timed loop (user/bench brackets each loop with mica_bench_window_open/close), then maps
every translation block executed in it to the kernel or benchmark function holding it, and
prints instructions per operation for each function, most first. The window covers the whole
loop, so for IPC rows it includes the server process and both directions. Counts per block start
with the block, so a block cut short by a trap counts a few instructions too many; the total is
checked against the row's own figure.

--no-icount profiles under plain TCG instead (the same guest code, a different timer rhythm).
"""

from __future__ import annotations

import argparse
import bisect
import re
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import table  # noqa: E402

# The rows with a timed loop, in the order user/bench runs them (main.cpp): the plugin's window
# number is the position here, plus one.
WINDOWS = ["null_syscall", "syscall_unknown", "syscall_handle_info", "ipc_call_0w", "ipc_call_4w",
           "ipc_call_handle", "notify_wake", "yield_switch", "page_map", "process_create_exit"]


# Phases of a hot path, by function name (demangled, with the "kernel: " / "bench: " side); the
# first pattern that matches wins.
PHASES = [
    ("user code", r"^bench: (?!mica::sys::)"),
    # syscall/ipc_fast_path.cpp: decode, the inline handle lookup, the message and the results.
    ("IPC fast path (decode, lookup, message, results)", r"ipc_fast_path"),
    ("trap entry/exit + dispatch", r"syscall_entry|handle_syscall|syscall_argument|dispatch|"
     r"set_syscall_results|prepare_user_return|before_user_return|mica_syscall\d|iret|"
     r"exception_entry|trap_entry|handle_trap|UserThread::current|mica::sys::"),
    ("handle lookup", r"HandleTable|lookup"),
    ("message copy", r"load_message|unload_message|take_from|copy_(to|from)_user|drop_handles|"
     r"memcpy|memset"),
    ("locks", r"SpinLock::"),
    ("IPC / notification logic", r"Endpoint::|sys_endpoint|sys_notification|Notification::|"
     r"SignalObserver|Object::"),
    ("scheduler, timer, switch", r"sched::|switch_context|activate_user_table|Timer::|Clock::|"
     r"LocalApic|this_cpu|mica::cpu\(|UserThread::wake|block_until|Fpu|thread_yield"),
]


def phase_of(name: str) -> str:
    for phase, pattern in PHASES:
        if re.search(pattern, name):
            return phase
    return "other"


class Symbols:
    """Function symbols of some ELF files, for address -> name."""

    def __init__(self, files: list[tuple[Path, str]]):
        entries = []
        for path, tag in files:
            out = subprocess.run(["llvm-nm-16", "--defined-only", "-n", str(path)],
                                 capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) >= 3 and parts[1] in "tTwW":
                    entries.append((int(parts[0], 16), f"{tag}{parts[2]}"))
        entries.sort()
        self.addresses = [address for address, _ in entries]
        self.names = [name for _, name in entries]

    def name(self, address: int) -> str:
        index = bisect.bisect_right(self.addresses, address) - 1
        return self.names[index] if index >= 0 else f"{address:#x}"


def demangle(names: list[str]) -> list[str]:
    result = subprocess.run(["llvm-cxxfilt-16"], input="\n".join(names), capture_output=True,
                            text=True)
    out = result.stdout.splitlines()
    return out if result.returncode == 0 and len(out) == len(names) else names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("row", choices=WINDOWS)
    parser.add_argument("--arch", default="x86_64", choices=bench.ISAS)
    parser.add_argument("--build", type=Path)
    parser.add_argument("--out", type=Path, default=bench.ROOT / "build/bench")
    parser.add_argument("--no-icount", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    isa = args.arch
    out = args.out.resolve()
    build = (args.build or bench.ROOT / f"build/{isa}").resolve()
    folder = out / isa
    folder.mkdir(parents=True, exist_ok=True)
    try:
        stage = bench.build_mica(isa, build, folder / "mica")
        plugin = bench.build_plugin(out)
        if not plugin:
            raise bench.BenchError("the profile needs the QEMU plugin (a host C compiler)")
        program = build / "user/bin/bench"
        symbols = Symbols([(build / "kernel/kernel.elf", "kernel: "), (program, "bench: ")])
        lookup = {name.split(": ", 1)[1]: address
                  for address, name in zip(symbols.addresses, symbols.names)}
        start, stop = lookup["mica_bench_window_open"], lookup["mica_bench_window_close"]
        blocks = folder / f"profile-{args.row}.blocks"
        blocks.unlink(missing_ok=True)
        window = WINDOWS.index(args.row) + 1
        command = bench.mica_command(isa, stage, "tcg")
        if not args.no_icount:
            command += bench.ICOUNT
        command += ["-plugin", f"{plugin},start={start:#x},stop={stop:#x},nth={window},"
                    f"out={blocks}", "-d", "plugin"]
        text = bench.boot(command, folder / f"profile-{args.row}.log", args.timeout,
                          f"Mica {isa} profile of {args.row}")
    except bench.BenchError as error:
        print(f"profile: error: {error}", file=sys.stderr)
        return 1

    row = table.parse(text).get(args.row)
    if not row or row.value is None:
        print(f"profile: the benchmark printed no figure for {args.row}", file=sys.stderr)
        return 1
    per_function: dict[str, int] = {}
    total = 0
    for line in blocks.read_text().splitlines():
        vaddr, instructions, executions = (int(field, 0) for field in line.split())
        name = symbols.name(vaddr)
        per_function[name] = per_function.get(name, 0) + instructions * executions
        total += instructions * executions
    operations = row.iterations
    ranked = sorted(per_function.items(), key=lambda item: -item[1])
    names = demangle([name.split(": ", 1)[1] for name, _ in ranked])
    phases: dict[str, int] = {}
    for (name, count), pretty in zip(ranked, names):
        phase = phase_of(f"{name.split(': ', 1)[0]}: {pretty}")
        phases[phase] = phases.get(phase, 0) + count
    print(f"{args.row} on {isa}: {row.value} instructions per operation by the clock; the plugin "
          f"saw {total / operations:.0f} in the window (which also holds the clock reads and, for "
          f"page_map, the untimed unmap)")
    print(f"{'instr/op':>9} {'share':>6}  phase")
    for phase, count in sorted(phases.items(), key=lambda item: -item[1]):
        print(f"{count / operations:9.1f} {100 * count / total:5.1f}%  {phase}")
    print(f"\n{'instr/op':>9} {'share':>6}  function")
    for (name, count), pretty in list(zip(ranked, names))[:args.top]:
        side = name.split(": ", 1)[0]
        print(f"{count / operations:9.1f} {100 * count / total:5.1f}%  {side}: {pretty[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
