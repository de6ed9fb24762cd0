# The shell's system test: init runs `shell shell_test.sh` in test mode (user/init) and
# tools/test/shell_expected.txt lists the lines the run must print, in order. It exercises every
# command; figures that differ between runs (mem, uptime, ps's count)
# are checked through their status only.
echo shell test: start
echo "quoted   words" stay $?
-nosuchcommand
echo unknown command gave $?
help
mem
echo mem gave $?
uptime
echo uptime gave $?
run hello
echo hello gave $?
-run test_helper exit 3
echo exit 3 gave $?
-run test_helper null
echo a fault gave $?
-run nosuchprogram
run wasm-run --stdin test-poem.txt wc.wasm
echo wasm wc gave $?
run test_helper sleep-exit 600000 &
ps
kill 1
ps
-kill 1
-lsdev
-sync
-ls /
-echo text > /tmp/file
-exit nonsense
# The apps (commands_apps.cpp), with the fresh filesystem init gives this run: no /disk, so the
# registry is /tmp/apps. Consent is -y; the second install of one version is refused; the launch
# lines are tests/wasi/in_mica/shell_launch_*.out (checked against Node's WASI).
-install /boot/wc.app
install -y /boot/wc.app
-install -y /boot/wc.app
list
cp /boot/poem.txt /tmp/appdata/wc/data/poem.txt
launch wc /data/poem.txt
-launch wc /data/../../../apps/wc/manifest
echo escape gave $?
-launch nosuchapp
remove wc
list
-launch wc
echo shell test: done
