#pragma once
// init's test mode runs a few WebAssembly apps from the boot archive through `wasm-run` and
// checks their exit codes. Each run's output sits between two marker lines on the console,
//
//   init: wasm app <case>: begin
//   ...what the app printed...
//   init: wasm app <case>: exited with <code> (expected <code>)
//
// and the QEMU test driver requires the lines between them to be exactly
// tests/wasi/in_mica/<case>.out, which a host test checks against Node's WASI
// (tests/wasi/in_mica/README.md). Prints its own "N passed, N failed" summary.

#include <mica/boot_archive.h>

namespace mica::init {

// True if every app ran and exited as expected.
bool run_wasm_app_tests(const BootArchive& archive);

} // namespace mica::init
