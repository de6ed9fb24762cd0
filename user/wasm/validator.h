#pragma once
// The WebAssembly validator: the spec's algorithm (its appendix "Validation Algorithm") with an
// operand stack and a control stack run over every function body, plus the module-level rules
// (index spaces, at most one memory, limits, constant expressions, unique export names, the
// start function's type, segment targets, the data count). It decodes the instructions too, so
// a malformed opcode or immediate inside a body is reported here.
//
//   Arena scratch(buffer, validator_arena_size(module));
//   if (auto valid = validate_module(module, scratch, &why); valid.is_error()) ...
//   // why: "function 3, offset 0x2f0: type mismatch: expected i32"
//
// Errors: Error::InvalidArgument for an invalid module, Error::Malformed/Truncated for bytes
// that do not decode, Error::Full when a body needs deeper stacks than ValidatorLimits allow,
// Error::NoMemory when the scratch arena is too small. The scratch arena is reused for every
// function; nothing is kept after validate_module() returns.

#include <lib/result.h>
#include <wasm/arena.h>
#include <wasm/diagnostic.h>
#include <wasm/module.h>

namespace mica::wasm {

struct ValidatorLimits {
    uint32_t max_operand_depth = 16384;
    uint32_t max_control_depth = 1024;
};

size_t validator_arena_size(const Module& module, const ValidatorLimits& limits = {});

Result<void> validate_module(const Module& module, Arena& scratch, Diagnostic* diagnostic = nullptr,
                             const ValidatorLimits& limits = {});

} // namespace mica::wasm
