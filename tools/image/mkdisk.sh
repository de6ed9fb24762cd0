#!/usr/bin/env bash
# Builds Mica's data disk: a GPT disk image with one FAT32 partition ("MICA-DATA", type
# Microsoft basic data) holding a few sample files, made only with Debian's tools (sgdisk,
# mkfs.fat, mtools), so that what Mica reads is what those tools wrote and vice versa.
#   mkdisk.sh <image> [size-MiB]
# The partition starts at 1 MiB; its sector offset is printed ("partition-offset <bytes>") so
# tests can point mtools and fsck.fat at it (mtools: -i <image>@@<bytes>).
set -euo pipefail
image=${1:?usage: mkdisk.sh <image> [size-MiB]}
size_mib=${2:-64}
# FAT32 needs at least 65,525 clusters: with 512-byte sectors and mkfs.fat's default cluster
# size for small volumes that is about 33 MiB of partition.
[ "$size_mib" -ge 40 ] || { echo "mkdisk.sh: $size_mib MiB is too small for FAT32 (>= 40)" >&2; exit 2; }
for tool in sgdisk mkfs.fat mcopy mmd; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
        { echo "mkdisk.sh: $tool missing (make deps installs it)" >&2; exit 1; }
done
PATH=$PATH:/usr/sbin

sector=512
first_sector=2048 # 1 MiB: the usual alignment, room for the primary GPT
tmp="$image.tmp"
rm -f "$tmp"
truncate -s "${size_mib}M" "$tmp"
sgdisk --clear --new=1:${first_sector}:0 --typecode=1:0700 --change-name=1:MICA-DATA "$tmp" >/dev/null
# The partition ends where sgdisk put it: before the backup GPT at the end of the disk.
last_sector=$(sgdisk --info=1 "$tmp" | sed -nE 's/^Last sector: ([0-9]+).*/\1/p')
sectors=$((last_sector - first_sector + 1))
offset=$((first_sector * sector))
# mkfs.fat warns that the file is bigger than the volume: the backup GPT follows it, as meant.
mkfs.fat -F 32 -n MICA-DATA --offset "$first_sector" "$tmp" $((sectors * sector / 1024)) >/dev/null 2>&1 ||
    { echo "mkdisk.sh: mkfs.fat failed" >&2; exit 1; }

# Sample files: a long name, a nested directory, a file bigger than one cluster, an empty file.
samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
printf 'Welcome to Mica.\nThis file lives on a FAT32 partition of a GPT disk.\n' >"$samples/README.TXT"
printf 'hello from the disk\n' >"$samples/hello.txt"
printf 'A file whose name needs long file name entries.\n' >"$samples/A long file name.text"
for i in $(seq 1 400); do printf 'line %04d of a file that spans several clusters\n' "$i"; done \
    >"$samples/numbers.txt"
: >"$samples/empty"
target="$tmp@@$offset"
mmd -i "$target" ::/docs ::/docs/notes
mcopy -i "$target" "$samples/README.TXT" "$samples/hello.txt" "$samples/A long file name.text" \
    "$samples/numbers.txt" "$samples/empty" ::/
printf 'nested\n' | mcopy -i "$target" - ::/docs/notes/nested.txt
mv "$tmp" "$image"
echo "partition-offset $offset"
