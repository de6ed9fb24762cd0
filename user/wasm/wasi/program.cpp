#include <wasm/compiler.h>
#include <wasm/decoder.h>
#include <wasm/instance.h>
#include <wasm/validator.h>
#include <wasm/wasi/program.h>

namespace mica::wasm::wasi {

namespace {

// A buffer from the embedder's allocator, given back when it goes out of scope.
class ScratchBuffer {
public:
    ScratchBuffer(Allocator& allocator, size_t size)
        : m_allocator(allocator), m_data(allocator.allocate(size, 16)), m_size(size) {}
    ~ScratchBuffer() {
        if (m_data)
            m_allocator.deallocate(m_data, m_size);
    }
    ScratchBuffer(const ScratchBuffer&) = delete;
    ScratchBuffer& operator=(const ScratchBuffer&) = delete;

    void* data() { return m_data; }
    size_t size() const { return m_size; }

private:
    Allocator& m_allocator;
    void* m_data;
    size_t m_size;
};

template <typename... Args>
ProgramOutcome failed(StringView pattern, const Args&... args) {
    ProgramOutcome outcome;
    format_to_buffer(outcome.message, sizeof outcome.message, pattern, args...);
    return outcome;
}

ProgramOutcome exited(uint32_t code) {
    ProgramOutcome outcome;
    outcome.kind = ProgramOutcome::Kind::Exited;
    outcome.exit_code = code;
    return outcome;
}

ProgramOutcome run_instance(Machine& machine, Instance& instance, Wasi& wasi) {
    ExternValue start;
    if (!instance.find_export("_start", start) || start.kind != ExternKind::Function)
        return failed("start: the module exports no _start function (not a WASI command)");
    if (start.function->type->params.size() || start.function->type->results.size())
        return failed("start: _start must take and return nothing");
    Trap trap;
    if (machine.invoke(*start.function, {}, {}, trap))
        return exited(0);
    if (wasi.exited())
        return exited(wasi.exit_code());
    ProgramOutcome outcome = failed("trap: {}", trap);
    outcome.trapped = true;
    return outcome;
}

} // namespace

ProgramOutcome run_program(Allocator& allocator, Span<const uint8_t> bytes, Wasi& wasi,
                           const ProgramLimits& limits) {
    ScratchBuffer module_memory(allocator, decoder_arena_size(bytes.size()));
    if (!module_memory.data())
        return failed("decode: no memory for a {}-byte module", bytes.size());
    Arena arena(module_memory.data(), module_memory.size());
    Diagnostic diagnostic;
    Result<Module> decoded = decode_module(Bytes(bytes.data(), bytes.size()), arena, &diagnostic);
    if (decoded.is_error())
        return failed("decode: {}", diagnostic);
    const Module& module = decoded.value();
    {
        ScratchBuffer scratch_memory(allocator, validator_arena_size(module));
        if (!scratch_memory.data())
            return failed("validate: out of memory");
        Arena scratch(scratch_memory.data(), scratch_memory.size());
        if (validate_module(module, scratch, &diagnostic).is_error())
            return failed("validate: {}", diagnostic);
    }
    CompiledModule compiled(allocator);
    if (compile_module(module, compiled).is_error())
        return failed("compile: out of memory");

    Store store(allocator, limits.store);
    Machine machine(store, limits.machine);
    Result<Span<ExternValue>> imports = store.allocate<ExternValue>(module.imports.size());
    if (imports.is_error())
        return failed("link: out of memory");
    LinkError link_error;
    if (wasi.link(store, module, imports.value(), &link_error).is_error()) {
        if (!link_error.reason)
            return failed("link: out of memory");
        return failed("link: {}", link_error);
    }
    InstantiateReport report;
    Result<Instance*> instance = instantiate(
        machine, module, compiled,
        Span<const ExternValue>(imports.value().data(), imports.value().size()), &report);
    if (instance.is_error()) {
        if (wasi.exited())
            return exited(wasi.exit_code());
        if (instance.error() == Error::OutOfRange) {
            ProgramOutcome outcome = failed("instantiate: trap: {}", report.trap);
            outcome.trapped = true;
            return outcome;
        }
        return failed("instantiate: {}", report.reason ? report.reason : "out of memory");
    }
    return run_instance(machine, *instance.value(), wasi);
}

} // namespace mica::wasm::wasi
