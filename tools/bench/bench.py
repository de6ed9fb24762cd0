#!/usr/bin/env python3
"""`make bench`: Mica's hot paths side by side with Linux on the same QEMU.

    tools/bench/bench.py [--arch x86_64|aarch64|riscv64] [--build DIR] [--out DIR]
                         [--accel tcg|kvm] [--timeout SECONDS] [--update-docs]
                         [--no-wall-clock] [--no-linux]

1. Builds Mica's benchmark archive (user/bench: `bench` packed as `init`) in the ISA's build
   folder and boots it under `qemu -icount shift=0,sleep=off`, where a virtual ns is one guest
   instruction; the benchmark prints `bench: <row> <instructions per op> ...` lines.
2. For x86_64 and aarch64, the same for Linux: Debian's kernel package for the ISA (apt-get
   download into <out>/debs, never committed), with tools/bench/linux/bench.c built static as
   /init of a cpio initramfs. riscv64 has Mica's column only.
3. A QEMU plugin (tools/bench/plugin/insn_count.c, built with the host compiler) counts the
   instructions before each kernel's first one, splitting the boot row into firmware + loader
   and the kernel's own part.
4. Both again under plain TCG (or KVM with --accel kvm) for wall-clock ns: noisy, for reference.
5. Prints the tables and writes them to <out>/<isa>.md; with --update-docs also into
   docs/performance.md (the section for this ISA), with the date and the command.

Every QEMU run has a timeout; a failed download or build says which step failed and exits 1.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import initramfs  # noqa: E402
import table  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ISAS = ("x86_64", "aarch64", "riscv64")
MEMORY = "128M"  # both systems get the same machine: one CPU, 128 MiB
ICOUNT = ["-icount", "shift=0,sleep=off"]
BOOT_ROWS = ("boot_to_user", "boot_loader", "boot_kernel")

# Debian's kernel per ISA: the metapackage whose dependency names the versioned image package.
LINUX = {
    "x86_64": {"meta": "linux-image-cloud-amd64", "arch": "amd64", "cc": "gcc",
               "qemu": "qemu-system-x86_64", "console": "ttyS0",
               "machine": ["-machine", "q35"]},
    "aarch64": {"meta": "linux-image-arm64", "arch": "arm64", "cc": "aarch64-linux-gnu-gcc",
                "qemu": "qemu-system-aarch64", "console": "ttyAMA0",
                "machine": ["-machine", "virt", "-cpu", "cortex-a72"]},
}

# Where each kernel's first instruction is, as the plugin sees addresses (x86 real/protected mode
# without paging: physical; aarch64, riscv64: physical, the MMU is off at entry).
# - Linux on x86_64: QEMU's -kernel loads a modern bzImage's real-mode part at 0x10000 and its
#   option ROM jumps to the setup code at +0x200 (hw/i386/x86.c, x86_load_linux).
# - aarch64: QEMU's -kernel loads an arm64 Image as arm64_image_entry() says and runs a few
#   instructions of its own boot stub first.
# - riscv64: OpenSBI's fw_dynamic jumps to the kernel at 0x80200000.
LINUX_X86_SETUP_ENTRY = 0x10200
RISCV64_KERNEL_ENTRY = 0x80200000
AARCH64_RAM = 0x40000000


class BenchError(Exception):
    pass


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, check=True, **kwargs)
    except FileNotFoundError as error:
        raise BenchError(f"{what}: {error.filename} is missing (make deps)") from error
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace").strip() if isinstance(
            error.stderr, bytes) else (error.stderr or "").strip()
        raise BenchError(f"{what} failed (exit {error.returncode})"
                         + (f":\n{detail}" if detail else "")) from error


def sudo() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo"]


# ---- Mica -----------------------------------------------------------------------------------------

def build_mica(isa: str, build: Path, stage: Path) -> Path:
    """Builds the kernel and the benchmark archive; returns a folder laid out like a build folder
    (kernel/kernel.elf, kernel/Image, initrd.cpio = the benchmark's archive) for tools/qemu/run.sh,
    which boots whatever initrd.cpio it finds there."""
    if not (build / "build.ninja").exists():
        run(["cmake", "--no-warn-unused-cli", "-S", str(ROOT), "-B", str(build), "-G", "Ninja",
             f"-DCMAKE_TOOLCHAIN_FILE={ROOT}/cmake/toolchain-{isa}.cmake"],
            f"configuring {build}", stdout=subprocess.DEVNULL)
    run(["ninja", "-C", str(build), "--quiet", "all", "bench-initrd"], f"building Mica for {isa}")
    (stage / "kernel").mkdir(parents=True, exist_ok=True)
    for name in ("kernel.elf", "Image"):
        source = build / "kernel" / name
        if source.exists():
            shutil.copy2(source, stage / "kernel" / name)
    shutil.copy2(build / "bench-initrd.cpio", stage / "initrd.cpio")
    return stage


def mica_command(isa: str, stage: Path, accel: str) -> list[str]:
    """The QEMU command line tools/qemu/run.sh would use (one CPU, as every row assumes)."""
    out = run([str(ROOT / "tools/qemu/run.sh"), "--arch", isa, "--build", str(stage), "--smp", "1",
               "--mem", MEMORY, "--accel", accel, "--dry-run"], "tools/qemu/run.sh --dry-run",
              capture_output=True, text=True).stdout
    return shlex.split(out)


def elf_entry_physical(path: Path) -> int:
    """e_entry of a 64-bit ELF, translated to the physical address of the segment holding it."""
    data = path.read_bytes()
    entry, phoff = struct.unpack_from("<QQ", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    for i in range(phnum):
        kind, _flags, _offset, vaddr, paddr, _filesz, memsz = struct.unpack_from(
            "<IIQQQQQ", data, phoff + i * phentsize)
        if kind == 1 and vaddr <= entry < vaddr + memsz:
            return entry - vaddr + paddr
    raise BenchError(f"{path}: no segment holds the entry point")


def arm64_image_entry(image: Path) -> int:
    """Where QEMU's -kernel puts an arm64 Image (hw/arm/boot.c, load_aarch64_image): RAM + the
    header's text_offset when its image_size is set (2 MiB higher if that would overlap QEMU's
    boot stub at the bottom of RAM), else RAM + 0x80000."""
    text_offset, image_size = struct.unpack_from("<QQ", image.read_bytes()[:64], 8)
    if image_size == 0:
        return AARCH64_RAM + 0x80000
    return AARCH64_RAM + text_offset + (2 << 20 if text_offset < 4096 else 0)


def mica_kernel_entry(isa: str, stage: Path) -> int:
    if isa == "x86_64":
        return elf_entry_physical(stage / "kernel/kernel.elf")
    if isa == "aarch64":
        return arm64_image_entry(stage / "kernel/Image")
    return RISCV64_KERNEL_ENTRY


# ---- Linux ----------------------------------------------------------------------------------------

def ensure_foreign_arch(arch: str) -> None:
    """Debian's kernel for another ISA is downloaded through dpkg's multiarch (nothing installs)."""
    host = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                          text=True).stdout.strip()
    if arch == host:
        return
    foreign = subprocess.run(["dpkg", "--print-foreign-architectures"], capture_output=True,
                             text=True).stdout.split()
    if arch in foreign:
        return
    log(f"adding the {arch} architecture to dpkg (for apt-get download)")
    run(sudo() + ["dpkg", "--add-architecture", arch], f"dpkg --add-architecture {arch}")
    run(sudo() + ["apt-get", "update", "-qq"], "apt-get update")


def linux_package(isa: str) -> str:
    """The versioned image package the ISA's metapackage depends on, e.g.
    linux-image-6.1.0-56-cloud-amd64."""
    spec = LINUX[isa]
    ensure_foreign_arch(spec["arch"])
    name = f"{spec['meta']}:{spec['arch']}"
    for attempt in range(2):
        out = subprocess.run(["apt-cache", "depends", name], capture_output=True, text=True).stdout
        match = re.search(r"Depends: (linux-image-[^\s:]+)", out)
        if match:
            return match.group(1)
        if attempt == 0:
            run(sudo() + ["apt-get", "update", "-qq"], "apt-get update")
    raise BenchError(f"apt-cache knows no {name}: cannot find Debian's kernel for {isa}")


def fetch_linux(isa: str, out: Path) -> tuple[Path, str]:
    """Downloads (once) and unpacks Debian's kernel; returns the kernel image and its version."""
    spec = LINUX[isa]
    package = linux_package(isa)
    debs = out / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    found = sorted(debs.glob(f"{package}_*_{spec['arch']}.deb"))
    if not found:
        log(f"downloading {package} ({spec['arch']})")
        result = subprocess.run(["apt-get", "download", f"{package}:{spec['arch']}"], cwd=debs,
                                capture_output=True, text=True)
        found = sorted(debs.glob(f"{package}_*_{spec['arch']}.deb"))
        if result.returncode != 0 or not found:
            raise BenchError(f"apt-get download {package}:{spec['arch']} failed "
                             f"(exit {result.returncode}):\n{result.stderr.strip()}")
    deb = found[-1]
    unpacked = out / f"linux-{isa}" / "package"
    version = package.removeprefix("linux-image-")
    vmlinuz = unpacked / "boot" / f"vmlinuz-{version}"
    if not vmlinuz.exists():
        shutil.rmtree(unpacked, ignore_errors=True)
        unpacked.mkdir(parents=True)
        run(["dpkg-deb", "-x", str(deb), str(unpacked)], f"dpkg-deb -x {deb.name}")
    if not vmlinuz.exists():
        raise BenchError(f"{deb.name} holds no boot/vmlinuz-{version}")
    debian_version = deb.name.split("_")[1]
    kernel = vmlinuz
    if isa == "aarch64":
        # Debian's arm64 vmlinuz is a gzip-compressed Image; unpacked, its header tells where
        # QEMU puts it (arm64_image_entry).
        kernel = out / f"linux-{isa}" / "Image"
        if not kernel.exists() or kernel.stat().st_mtime < vmlinuz.stat().st_mtime:
            data = vmlinuz.read_bytes()
            kernel.write_bytes(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return kernel, f"Debian {package} {debian_version}"


def build_linux_init(isa: str, out: Path) -> Path:
    """The static benchmark as /init in a cpio initramfs."""
    folder = out / f"linux-{isa}"
    folder.mkdir(parents=True, exist_ok=True)
    source = ROOT / "tools/bench/linux/bench.c"
    binary = folder / "init"
    run([LINUX[isa]["cc"], "-static", "-O2", "-pthread", "-Wall", "-Wextra", "-Werror", "-o",
         str(binary), str(source)], f"building {source.name} for {isa} ({LINUX[isa]['cc']})",
        capture_output=True)
    archive = folder / "initramfs.cpio"
    archive.write_bytes(initramfs.build(binary.read_bytes()))
    return archive


def linux_command(isa: str, kernel: Path, archive: Path, accel: str) -> list[str]:
    spec = LINUX[isa]
    # quiet: Linux's boot messages would cost it instructions on the serial port (Mica prints a
    # few lines; Linux without quiet prints hundreds). panic=-1 with -no-reboot ends the run if
    # /init dies.
    append = f"console={spec['console']} panic=-1 quiet"
    command = [spec["qemu"], *spec["machine"], "-m", MEMORY, "-smp", "1", "-no-reboot",
               "-display", "none", "-serial", "stdio", "-monitor", "none", "-kernel", str(kernel),
               "-initrd", str(archive), "-append", append]
    command += ["-accel", "kvm"] if accel == "kvm" else ["-accel", "tcg"]
    return command


def linux_kernel_entry(isa: str, kernel: Path) -> int:
    return LINUX_X86_SETUP_ENTRY if isa == "x86_64" else arm64_image_entry(kernel)


# ---- Running ---------------------------------------------------------------------------------------

def build_plugin(out: Path) -> Path | None:
    """The instruction-count plugin, or None (with a warning) if the host compiler is missing."""
    source = ROOT / "tools/bench/plugin/insn_count.c"
    plugin = out / "insn_count.so"
    if plugin.exists() and plugin.stat().st_mtime >= source.stat().st_mtime:
        return plugin
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang-16")
    if not compiler:
        log("warning: no host C compiler; boot rows will not be split into loader and kernel")
        return None
    run([compiler, "-shared", "-fPIC", "-O2", "-o", str(plugin), str(source)],
        "building the QEMU plugin", capture_output=True)
    return plugin


def boot(command: list[str], logfile: Path, timeout: int, what: str) -> str:
    """Runs one QEMU boot to the end (the guest powers off) and returns its console output."""
    log(f"{what}: booting ({logfile})")
    started = time.monotonic()
    with open(logfile, "w") as output:
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=output,
                           stderr=subprocess.STDOUT, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise BenchError(f"{what}: QEMU did not finish within {timeout} s (see {logfile})")
    text = logfile.read_text(errors="replace")
    if not table.finished(text):
        raise BenchError(f"{what}: the benchmark did not finish (see {logfile})")
    log(f"{what}: done in {time.monotonic() - started:.0f} s")
    return text


def add_boot_split(results: dict[str, table.Result], text: str, entry: int) -> None:
    """boot_loader / boot_kernel from the plugin's count at the kernel's first instruction."""
    match = re.search(rf"insn_count: 0x{entry:x} reached after (\d+) instructions", text)
    boot = results.get("boot_to_user")
    if not match or not boot or boot.value is None:
        return
    loader = int(match.group(1))
    results["boot_loader"] = table.Result(loader, 1, loader)
    results["boot_kernel"] = table.Result(boot.value - loader, 1, boot.value - loader)


def qemu_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else binary


def report(isa: str, args: argparse.Namespace, icount: tuple, wall: tuple | None,
           linux_version: str | None, qemu: str) -> str:
    mica, linux = icount
    today = datetime.date.today().isoformat()
    if os.environ.get("MAKELEVEL"):
        command = (f"make bench ARCH={isa}" + (" ACCEL=kvm" if args.accel == "kvm" else "")
                   + (" UPDATE_DOCS=1" if args.update_docs else ""))
    else:  # run directly: say exactly how
        command = "tools/bench/bench.py " + " ".join(
            shlex.quote(str(Path(a).relative_to(ROOT)) if a.startswith(str(ROOT) + "/") else a)
            for a in sys.argv[1:])
    lines = [f"### {isa} — {today}", "",
             f"`{command}` on {qemu}; one CPU, {MEMORY}. Mica: this tree's kernel with "
             f"user/bench as the first process."
             + (f" Linux: {linux_version}, tools/bench/linux/bench.c as /init." if linux_version
                else " No Linux column on this ISA."), "",
             "Guest instructions per operation (`-icount shift=0,sleep=off`: exact and "
             "repeatable):", "", table.table(mica, linux, "instr")]
    problems = table.errors(mica, "Mica") + (table.errors(linux, "Linux") if linux else [])
    if problems:
        lines += ["Errors: " + "; ".join(problems), ""]
    if wall:
        wall_mica, wall_linux = wall
        accel = "KVM" if args.accel == "kvm" else "plain TCG"
        lines += [f"Wall-clock ns per operation under {accel} (noisy: host-dependent, for "
                  "reference only; no boot row: without icount the reset counter is not time):", "",
                  table.table(wall_mica, wall_linux, "ns", skip=BOOT_ROWS)]
    return "\n".join(lines)


def update_docs(isa: str, section: str) -> None:
    """Replaces this ISA's section of docs/performance.md (between its markers)."""
    path = ROOT / "docs/performance.md"
    text = path.read_text()
    begin, end = f"<!-- bench:{isa}:begin -->", f"<!-- bench:{isa}:end -->"
    if begin not in text or end not in text:
        raise BenchError(f"{path} has no {begin} ... {end} section")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{section.rstrip()}\n{end}{tail}")
    log(f"updated the {isa} section of {path.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", default="x86_64", choices=ISAS)
    parser.add_argument("--build", type=Path, help="Mica's build folder (default build/<isa>)")
    parser.add_argument("--out", type=Path, default=ROOT / "build/bench")
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"),
                        help="for the wall-clock pass (the instruction counts always use TCG)")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per QEMU run")
    parser.add_argument("--update-docs", action="store_true")
    parser.add_argument("--no-wall-clock", action="store_true")
    parser.add_argument("--no-linux", action="store_true")
    args = parser.parse_args()
    isa = args.arch
    out = args.out.resolve()
    build = (args.build or ROOT / f"build/{isa}").resolve()
    out.mkdir(parents=True, exist_ok=True)
    logs = out / isa
    logs.mkdir(exist_ok=True)

    try:
        stage = build_mica(isa, build, out / isa / "mica")
        plugin = build_plugin(out)
        with_linux = isa in LINUX and not args.no_linux
        if with_linux:
            kernel, linux_version = fetch_linux(isa, out)
            archive = build_linux_init(isa, out)
        else:
            linux_version = None

        def plugin_args(entry: int) -> list[str]:
            return ["-plugin", f"{plugin},until={entry:#x}", "-d", "plugin"] if plugin else []

        text = boot(mica_command(isa, stage, "tcg") + ICOUNT
                    + plugin_args(mica_kernel_entry(isa, stage)),
                    logs / "mica-icount.log", args.timeout, f"Mica {isa} (icount)")
        mica = table.parse(text)
        add_boot_split(mica, text, mica_kernel_entry(isa, stage))
        linux = None
        if with_linux:
            entry = linux_kernel_entry(isa, kernel)
            text = boot(linux_command(isa, kernel, archive, "tcg") + ICOUNT + plugin_args(entry),
                        logs / "linux-icount.log", args.timeout, f"Linux {isa} (icount)")
            linux = table.parse(text)
            add_boot_split(linux, text, entry)

        wall = None
        if not args.no_wall_clock:
            wall_mica = table.parse(boot(mica_command(isa, stage, args.accel),
                                         logs / f"mica-{args.accel}.log", args.timeout,
                                         f"Mica {isa} ({args.accel})"))
            wall_linux = None
            if with_linux:
                wall_linux = table.parse(boot(linux_command(isa, kernel, archive, args.accel),
                                              logs / f"linux-{args.accel}.log", args.timeout,
                                              f"Linux {isa} ({args.accel})"))
            wall = (wall_mica, wall_linux)

        section = report(isa, args, (mica, linux), wall, linux_version,
                         qemu_version(mica_command(isa, stage, "tcg")[0]))
        (out / f"{isa}.md").write_text(section + "\n")
        print(section)
        log(f"wrote {out / f'{isa}.md'}")
        if args.update_docs:
            update_docs(isa, section)
    except BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
