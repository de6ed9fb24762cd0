#pragma once
// Instantiation (spec section 4.5.4): checks the imports against the module's import types,
// creates the module's functions, globals, tables and memory in the store, runs the element and
// data segments in order (a segment that does not fit traps, and the writes before it stay, as
// the bulk memory proposal specifies) and finally the start function.
//
//   InstantiateReport report;
//   auto instance = instantiate(machine, module, compiled, imports, &report);
//   // Error::InvalidArgument: report.reason ("incompatible import type", ...)
//   // Error::OutOfRange: report.trap (a segment out of bounds, a trap in the start function)

#include <wasm/compiler.h>
#include <wasm/interpreter.h>

namespace mica::wasm {

struct InstantiateReport {
    const char* reason = nullptr;
    Trap trap;
};

// `imports` gives one value per import of the module, in the module's order.
Result<Instance*> instantiate(Machine& machine, const Module& module,
                              const CompiledModule& compiled, Span<const ExternValue> imports,
                              InstantiateReport* report = nullptr);

// Whether `value` may be used for `import` (the spec's import subtyping).
bool import_matches(const Module& module, const Import& import, const ExternValue& value);

} // namespace mica::wasm
