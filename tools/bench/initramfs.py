"""Writes the Linux column's initramfs: a cpio "newc" archive holding /init (the static benchmark)
and /dev/console, which the kernel opens as init's stdin/stdout before running it (without it
/init runs with no output). Written here rather than with cpio(1) so that no device node has to
exist on the host and no root is needed.

    python3 tools/bench/initramfs.py OUTPUT INIT
"""

from __future__ import annotations

import sys

_MODE_DIRECTORY = 0o040755
_MODE_CHAR_DEVICE = 0o020600
_MODE_EXECUTABLE = 0o100755


def _entry(name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0),
           inode: int = 1) -> bytes:
    encoded = name.encode() + b"\0"
    fields = [inode, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(encoded), 0]
    header = b"070701" + b"".join(b"%08x" % field for field in fields)
    out = header + encoded
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def build(init: bytes) -> bytes:
    archive = _entry("dev", _MODE_DIRECTORY, inode=1)
    archive += _entry("dev/console", _MODE_CHAR_DEVICE, rdev=(5, 1), inode=2)
    archive += _entry("init", _MODE_EXECUTABLE, init, inode=3)
    archive += _entry("TRAILER!!!", 0, inode=0)
    return archive + b"\0" * (-len(archive) % 512)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    with open(sys.argv[2], "rb") as init:
        data = build(init.read())
    with open(sys.argv[1], "wb") as out:
        out.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
