# The shell's system test: init runs `shell shell_test.sh` in test mode (user/init) and
# tools/test/shell_expected.txt lists the lines the run must print, in order. It exercises every
# command that needs no filesystem; figures that differ between runs (mem, uptime, ps's count)
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
echo shell test: done
