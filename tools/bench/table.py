"""The rows of `make bench`, the parser for the `bench:` lines both benchmark programs print, and
the Markdown table that puts Mica's and Linux's figures side by side.

Both programs (user/bench on Mica, tools/bench/linux/bench.c on Linux) print one line per row:

    bench: <key> <instructions per operation> n=<iterations> total=<instructions>
    bench: <key> error <what went wrong>

`python3 tools/bench/table.py` runs the self-test (parsing and formatting on canned output).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One row of the table: the key each side prints (None: that side has no such operation) and
# what the operation is on each side, for the notes under the table.
@dataclass(frozen=True)
class Row:
    label: str
    mica: str | None
    linux: str | None
    mica_what: str
    linux_what: str


ROWS = [
    Row("boot to first user instruction", "boot_to_user", "boot_to_user",
        "reset -> bench's main (the first user process)", "reset -> /init's main"),
    Row("… of which firmware + loader", "boot_loader", "boot_loader",
        "x86_64: SeaBIOS + GRUB (multiboot2 from an ISO); aarch64: QEMU's boot stub; "
        "riscv64: OpenSBI", "x86_64: SeaBIOS + QEMU's linuxboot ROM; aarch64: QEMU's boot stub"),
    Row("… of which the kernel", "boot_kernel", "boot_kernel",
        "the kernel's first instruction -> bench's main",
        "the kernel's first instruction (decompressor included) -> /init's main"),
    Row("null syscall", "null_syscall", "null_syscall",
        "clock_get(0)", "syscall(SYS_getpid)"),
    Row("syscall, unknown number", "syscall_unknown", None,
        "trap with an unknown number (entry + dispatch + exit)", ""),
    Row("syscall, one handle lookup", "syscall_handle_info", None,
        "handle_info", ""),
    Row("IPC round trip, 0 words", "ipc_call_0w", "ipc_call_0w",
        "endpoint_call + endpoint_reply_and_wait, another process",
        "pipe ping-pong, 1 byte, two processes"),
    Row("IPC round trip, 4 words", "ipc_call_4w", "ipc_call_4w",
        "3 register words + 1 IPC-buffer word, both ways", "pipe ping-pong, 32 bytes"),
    Row("IPC round trip + 1 handle", "ipc_call_handle", "ipc_call_handle",
        "the handle moves to the server and back", "SCM_RIGHTS fd there and back"),
    Row("thread switch (yield)", "yield_switch", "yield_switch",
        "thread_yield, two threads, one CPU", "sched_yield, two threads, one CPU"),
    Row("notification signal -> wake", "notify_wake", "notify_wake",
        "notification ping-pong across processes, per hand-over",
        "eventfd ping-pong across processes, per hand-over"),
    Row("fresh page, mapped and touched", "page_map", "page_map",
        "memory_object_create + address_space_map + first write",
        "mmap 4 KiB + first write (demand fault)"),
    Row("page fault alone", None, "page_fault",
        "(Mica maps eagerly: no demand faults)", "first write to a page mmapped earlier"),
    Row("process create + exit", "process_create_exit", "process_create_exit",
        "spawn (ELF from the boot archive) + exit + process_wait", "fork + _exit + waitpid"),
    Row("process spawn + exit (exec)", "process_create_exit", "process_spawn_exec",
        "the same spawn", "fork + execve + exit + waitpid"),
]

LINE = re.compile(r"^bench: (?P<key>[a-z0-9_]+) (?:(?P<value>\d+) n=(?P<n>\d+) total=(?P<total>\d+)"
                  r"|error (?P<error>.*))\s*$")


@dataclass
class Result:
    value: int | None = None
    iterations: int = 0
    total: int = 0
    error: str | None = None


def parse(text: str) -> dict[str, Result]:
    """The rows in a console log. Lines from other output interleaved on the console are ignored;
    a row printed twice keeps its last value."""
    results: dict[str, Result] = {}
    for raw in text.splitlines():
        # Serial consoles add carriage returns; other output may precede ours on the same line.
        line = raw.replace("\r", "")
        start = line.find("bench: ")
        if start < 0:
            continue
        match = LINE.match(line[start:])
        if not match:
            continue
        if match.group("error") is not None:
            results[match.group("key")] = Result(error=match.group("error"))
        else:
            results[match.group("key")] = Result(int(match.group("value")), int(match.group("n")),
                                                 int(match.group("total")))
    return results


def finished(text: str) -> bool:
    return any(line.replace("\r", "").strip().endswith("bench: done") for line in text.splitlines())


def _cell(result: Result | None, key: str | None) -> str:
    if key is None:
        return "—"
    if result is None:
        return "missing"
    if result.error is not None:
        return "error"
    return f"{result.value:,}"


def _ratio(mica: Result | None, linux: Result | None) -> str:
    if not mica or not linux or mica.value is None or linux.value is None or mica.value == 0:
        return "—"
    ratio = linux.value / mica.value
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:,.0f}×"


def table(mica: dict[str, Result], linux: dict[str, Result] | None, unit: str,
          skip: tuple[str, ...] = ()) -> str:
    """A Markdown table: one line per row either side measured, with Linux/Mica where both did.
    Rows whose Mica or Linux key is in `skip` are left out."""
    with_linux = linux is not None
    header = f"| operation | Mica ({unit}) |"
    rule = "|---|---:|"
    if with_linux:
        header += f" Linux ({unit}) | Linux/Mica |"
        rule += "---:|---:|"
    lines = [header, rule]
    shown: set[str] = set()
    for row in ROWS:
        # Without Linux, a row that differs from another only on the Linux side adds nothing.
        if not with_linux and (row.mica is None or row.mica in shown):
            continue
        shown.add(row.mica)
        if row.mica in skip or row.linux in skip:
            continue
        m = mica.get(row.mica) if row.mica else None
        cells = [row.label, _cell(m, row.mica)]
        if with_linux:
            l = linux.get(row.linux) if row.linux else None
            cells += [_cell(l, row.linux), _ratio(m, l)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def errors(results: dict[str, Result], side: str) -> list[str]:
    return [f"{side} {key}: {result.error}" for key, result in results.items()
            if result.error is not None]


def notes(with_linux: bool) -> str:
    """What each row measures on each side, as a bullet list."""
    out = []
    for row in ROWS:
        text = f"- **{row.label}**: Mica: {row.mica_what}"
        if with_linux and row.linux_what:
            text += f"; Linux: {row.linux_what}"
        if not with_linux and row.mica is None:
            continue
        out.append(text + ".")
    return "\n".join(out) + "\n"


# ---- self-test ---------------------------------------------------------------------------------

_MICA_SAMPLE = """\
Mica 0.1 on x86_64: 1 CPU, 127 MiB RAM
bench: start
bench: boot_to_user 274089713 n=1 total=274089713\r
bench: null_syscall 344 n=20000 total=6880345
bench: ipc_call_0w 3377 n=4000 total=13508341
init: something else bench: ipc_call_4w 3499 n=4000 total=13996341
bench: page_map error address_space_map: no_memory
bench: done
"""

_LINUX_SAMPLE = """\
bench: null_syscall 321 n=20000 total=6420000
bench: ipc_call_0w 12900 n=4000 total=51600000
bench: page_fault 2000 n=1000 total=2000000
bench: done
"""


def self_test() -> None:
    mica = parse(_MICA_SAMPLE)
    linux = parse(_LINUX_SAMPLE)
    assert finished(_MICA_SAMPLE) and not finished("bench: start\n")
    assert mica["boot_to_user"].value == 274089713, mica
    assert mica["ipc_call_4w"].total == 13996341  # found after other output on the same line
    assert mica["page_map"].error == "address_space_map: no_memory"
    assert errors(mica, "Mica") == ["Mica page_map: address_space_map: no_memory"]
    text = table(mica, linux, "instructions")
    assert "| null syscall | 344 | 321 | 0.9× |" in text, text
    assert "| IPC round trip, 0 words | 3,377 | 12,900 | 3.8× |" in text, text
    assert "| fresh page, mapped and touched | error | missing | — |" in text, text
    assert "| page fault alone | — | 2,000 | — |" in text, text
    assert "| thread switch (yield) | missing | missing | — |" in text, text
    only = table(mica, None, "instructions")
    assert "page fault alone" not in only and "(exec)" not in only and "| null syscall | 344 |" in only, only
    assert all(line.count("|") == 3 for line in only.splitlines()), only
    assert all(line.count("|") == 5 for line in text.splitlines()), text
    assert "boot" not in table(mica, linux, "ns", skip=("boot_to_user",)).split("null")[0]
    assert "Linux: syscall(SYS_getpid)" in notes(True) and "getpid" not in notes(False)


if __name__ == "__main__":
    self_test()
    print("table.py: self-test passed")
