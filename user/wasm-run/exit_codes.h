#pragma once
// How wasm-run ends. A module's own status (proc_exit's argument, or 0 when _start returns) is
// passed on in the range a POSIX shell sees, 0-255, as Node and mica-wasm report it; the runner's
// own outcomes lie above that range, so no module status can be mistaken for them.

namespace mica::wasm_run {

constexpr int kStatusMask = 0xff;   // a module's status is reported modulo 256
constexpr int kExitTrapped = 256;   // the module trapped; the trap report was printed
constexpr int kExitCannotRun = 257; // not found, malformed, invalid or failed to link
constexpr int kExitUsage = 258;     // wasm-run's own arguments were wrong

} // namespace mica::wasm_run
