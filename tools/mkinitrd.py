#!/usr/bin/env python3
"""Packs the boot archive: a cpio "newc" file (the format the kernel's kernel/lib/cpio.cpp reads
and Debian's `cpio -i -H newc` unpacks) holding the user programs.

    mkinitrd.py --output initrd.cpio [--machine ISA] [--objcopy TOOL] [--data NAME=PATH]...
                NAME=PATH...

Entries appear in the order given, as regular files named NAME with mode 0755; then each --data
file (scripts and other non-programs), byte for byte with mode 0644 and none of the checks below. Everything that
would make two builds differ (mtime, owner, inode numbers from the build machine) is fixed, so
the same programs always give the same bytes. With --machine, each file is first checked the way
the kernel's ELF loader (kernel/lib/elf.cpp) will check it, so a bad link fails the build rather
than the boot: a 64-bit little-endian ET_EXEC for that ISA, with no PT_INTERP or PT_DYNAMIC and
no segment both writable and executable. With --objcopy, the archive gets copies without debug
information (symbols stay, for fault reports); the unstripped programs stay in the build for gdb.
"""

import argparse
import os
import struct
import subprocess
import sys
import tempfile

MACHINES = {"x86_64": 62, "aarch64": 183, "riscv64": 243}
PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
PF_X, PF_W = 1, 2


def check_elf(name, data, machine):
    def fail(why):
        sys.exit(f"mkinitrd: {name}: {why}")

    if len(data) < 64 or data[:4] != b"\x7fELF":
        fail("not an ELF file")
    if data[4] != 2 or data[5] != 1:
        fail("not a 64-bit little-endian ELF file")
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    if e_type != 2:
        fail(f"ELF type {e_type}, not ET_EXEC (link static and without -pie)")
    if e_machine != MACHINES[machine]:
        fail(f"e_machine {e_machine}, not {machine}'s {MACHINES[machine]}")
    (phoff,) = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    loads = 0
    for i in range(phnum):
        p_type, p_flags = struct.unpack_from("<II", data, phoff + i * phentsize)
        if p_type in (PT_DYNAMIC, PT_INTERP):
            fail("dynamically linked (PT_DYNAMIC or PT_INTERP)")
        if p_type == PT_LOAD:
            loads += 1
            if p_flags & PF_W and p_flags & PF_X:
                fail(f"program header {i} is writable and executable (W^X)")
    if loads == 0:
        fail("no PT_LOAD segment")


def read_program(path, objcopy):
    if not objcopy:
        with open(path, "rb") as f:
            return f.read()
    with tempfile.TemporaryDirectory() as scratch:
        stripped = os.path.join(scratch, "stripped")
        # Unnamed local symbols are the assembler's anchors for debug information (riscv64 has
        # thousands); without the debug sections nothing refers to them.
        subprocess.run([objcopy, "--strip-debug", "--strip-symbol=", path, stripped], check=True)
        with open(stripped, "rb") as f:
            return f.read()


def newc_entry(name, data, inode, mode):
    encoded = name.encode() + b"\0"
    fields = [inode, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(encoded), 0]
    header = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = header + encoded
    out += b"\0" * (-len(out) % 4)  # the name ends on a 4-byte boundary, header included
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True)
    parser.add_argument("--machine", choices=sorted(MACHINES))
    parser.add_argument("--objcopy", help="llvm-objcopy, to strip debug information")
    parser.add_argument("--data", action="append", default=[], metavar="NAME=PATH",
                        help="a file that is not a program, packed as is")
    parser.add_argument("files", nargs="+", metavar="NAME=PATH")
    args = parser.parse_args()

    archive = b""
    names = set()
    entries = [(spec, True) for spec in args.files] + [(spec, False) for spec in args.data]
    for inode, (spec, is_program) in enumerate(entries, start=1):
        name, sep, path = spec.partition("=")
        if not sep or not name or "/" in name or name in names:
            sys.exit(f"mkinitrd: bad or repeated entry '{spec}' (NAME=PATH)")
        names.add(name)
        if is_program:
            data = read_program(path, args.objcopy)
            if args.machine:
                check_elf(name, data, args.machine)
            archive += newc_entry(name, data, inode, 0o100755)
        else:
            with open(path, "rb") as f:
                data = f.read()
            archive += newc_entry(name, data, inode, 0o100644)
    archive += newc_entry("TRAILER!!!", b"", 0, 0)
    archive += b"\0" * (-len(archive) % 512)  # whole cpio blocks, as cpio(1) writes

    temporary = args.output + ".tmp"
    with open(temporary, "wb") as f:
        f.write(archive)
    os.replace(temporary, args.output)


if __name__ == "__main__":
    main()
