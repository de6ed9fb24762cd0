#pragma once
// Running a WASI command module from start to finish, the same way in every embedder: decode,
// validate, compile, link against WASI, instantiate, call `_start`. The outcome says how it
// ended: the exit status (proc_exit's, or 0 when _start returned), or why it could not run or
// stopped early (the message names the stage: "validate: function 3, offset 0x2f0: ...",
// "link: import env.foo: only wasi_snapshot_preview1 is provided", "trap: ...").

#include <lib/span.h>
#include <wasm/allocator.h>
#include <wasm/interpreter.h>
#include <wasm/wasi/wasi.h>

namespace mica::wasm::wasi {

struct ProgramOutcome {
    enum class Kind : uint8_t { Exited, Failed } kind = Kind::Failed;
    uint32_t exit_code = 0; // Exited
    char message[256] = {}; // Failed: what went wrong, for the embedder to print
    bool trapped = false;   // Failed because the module trapped (message: "trap: ..."), not
                            // because it could not be loaded; embedders report the two apart
};

struct ProgramLimits {
    StoreLimits store;
    MachineLimits machine;
};

// `module` must stay alive during the call. Every allocation comes from `allocator`.
ProgramOutcome run_program(Allocator& allocator, Span<const uint8_t> module, Wasi& wasi,
                           const ProgramLimits& limits = {});

} // namespace mica::wasm::wasi
