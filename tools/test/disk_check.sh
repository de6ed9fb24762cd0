#!/usr/bin/env bash
# After a `test` run: checks the data disk test (user/fs/vfs/disk/tests). The log must hold the
# lines of disk_expected.txt in order; then Debian's tools judge the image Mica wrote:
# `fsck.fat -n` on the FAT32 partition (copied out with dd: fsck.fat takes no offset) must find
# nothing wrong, and mtools must see exactly the tree and contents of disk_tree.txt.
#   disk_check.sh LOG IMAGE
# Prints one line per problem and exits 1 if there was any.
set -uo pipefail
log=$1 image=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tests="$root/user/fs/vfs/disk/tests"
PATH=$PATH:/usr/sbin
export MTOOLS_SKIP_CHECK=1 LC_ALL=C

missing=$(awk 'NR == FNR { if ($0 !~ /^#/) want[n++] = $0; next }
               i < n && $0 == want[i] { i++ }
               END { if (i < n) print want[i] }' \
          "$tests/disk_expected.txt" <(tr -d '\r' <"$log"))
if [ -n "$missing" ]; then
    echo "disk test: no line '$missing' (in order)"
    exit 1 # the image is not worth judging: the script stopped early
fi

info=$(sgdisk --info=1 "$image" 2>&1)
first=$(sed -nE 's/^First sector: ([0-9]+).*/\1/p' <<<"$info")
last=$(sed -nE 's/^Last sector: ([0-9]+).*/\1/p' <<<"$info")
[ -n "$first" ] && [ -n "$last" ] || { echo "disk image: no partition 1 ($info)"; exit 1; }
offset=$((first * 512))
target="$image@@$offset"
status=0

part=$(mktemp)
trap 'rm -f "$part"' EXIT
dd if="$image" of="$part" bs=1M iflag=skip_bytes,count_bytes skip="$offset" \
    count=$(((last - first + 1) * 512)) conv=sparse status=none
if ! fsck=$(fsck.fat -n "$part" 2>&1); then
    echo "disk image: fsck.fat -n found problems: $(tail -n +2 <<<"$fsck" | tr '\n' ' ')"
    status=1
fi

want=$(grep -vE '^(#|=)' "$tests/disk_tree.txt" | sort)
got=$(mdir -b -/ -i "$target" ::/ 2>&1 | sort)
if [ "$want" != "$got" ]; then
    echo "disk image: mdir shows a different tree: $(diff <(echo "$want") <(echo "$got") |
        grep -E '^[<>]' | tr '\n' ' ')"
    status=1
fi

file=""
while IFS= read -r line; do
    case "$line" in
    '#'*) ;;
    '== '*)
        if ! cmp -s <(mtype -i "$target" "$file") <(mtype -i "$target" "${line#== }"); then
            echo "disk image: $file differs from ${line#== }"; status=1
        fi ;;
    '= '*)
        if [ "$(mtype -i "$target" "$file" 2>&1)" != "${line#= }" ]; then
            echo "disk image: $file holds '$(mtype -i "$target" "$file" 2>&1 | head -c 200)'," \
                "not '${line#= }'"
            status=1
        fi ;;
    *) file=$line ;;
    esac
done <"$tests/disk_tree.txt"
exit "$status"
