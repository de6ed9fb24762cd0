#pragma once
// Translates the function bodies of a validated module into the interpreter's code (ir.h), once
// per module; any number of instances can then share it. The translation keeps a model of the
// operand stack in which an entry is a value already in its slot, a local not yet copied, or a
// constant not yet written, so `local.get`, constants and `local.set` mostly fold into the
// instructions around them instead of becoming copies (see docs/wasm.md).
//
//   CompiledModule compiled(allocator);
//   if (auto done = compile_module(module, compiled); done.is_error()) ...

#include <wasm/allocator.h>
#include <wasm/ir.h>
#include <wasm/module.h>

namespace mica::wasm {

struct CompileOptions {
    // Put a fuel check at every function entry and loop header, so the embedder can bound how
    // long a call runs (Machine::set_fuel). Off by default: it costs a little in every loop.
    bool metering = false;
};

// Owns the code of every function the module defines (not its imports).
class CompiledModule {
public:
    explicit CompiledModule(Allocator& allocator) : m_allocator(allocator) {}
    CompiledModule(const CompiledModule&) = delete;
    CompiledModule& operator=(const CompiledModule&) = delete;
    ~CompiledModule() { release(); }

    // Of defined function i, i.e. function imported_functions + i of the module.
    const ir::CompiledFunction& function(size_t i) const { return m_functions[i]; }
    size_t function_count() const { return m_count; }
    const CompileOptions& options() const { return m_options; }

private:
    friend Result<void> compile_module(const Module&, CompiledModule&, const CompileOptions&);
    void release();

    Allocator& m_allocator;
    ir::CompiledFunction* m_functions = nullptr;
    size_t m_count = 0;
    CompileOptions m_options;
};

// Error::NoMemory when the allocator runs out, Error::Malformed if the module was not validated
// (the translation trusts the validator and stops at the first thing it did not expect).
Result<void> compile_module(const Module& module, CompiledModule& out,
                            const CompileOptions& options = {});

} // namespace mica::wasm
