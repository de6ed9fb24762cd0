# The data disk's system test: init runs `shell disk_test.sh` in test mode with /disk mounted
# (user/init/main.cpp, run_disk_test). tools/test/disk_check.sh then checks the lines it printed
# (disk_expected.txt) and, on the host, that fsck.fat -n finds the volume clean and that mtools
# see exactly what this script left behind.
echo disk test: start
lsdev
echo lsdev gave $?
ls /disk
cat /disk/hello.txt
cat "/disk/A long file name.text"
cat /disk/docs/notes/nested.txt
mkdir /disk/mica
mkdir "/disk/mica/A directory with a long name"
echo written by Mica > /disk/mica/note.txt
cat /disk/mica/note.txt
echo a long name, written by Mica > "/disk/mica/A directory with a long name/Long file name written by Mica.txt"
cat "/disk/mica/A directory with a long name/Long file name written by Mica.txt"
cp /disk/numbers.txt "/disk/mica/numbers copy.txt"
echo overwritten > /disk/mica/note.txt
mv /disk/mica/note.txt "/disk/mica/renamed note.txt"
cat "/disk/mica/renamed note.txt"
-cat /disk/mica/note.txt
mkdir /disk/scratch
echo short-lived > /disk/scratch/temp.txt
-rm /disk/scratch
rm /disk/scratch/temp.txt
rm /disk/scratch
rm /disk/empty
mv /disk/hello.txt /disk/mica/HELLO.TXT
ls /disk
ls /disk/mica
sync
echo disk test: done
