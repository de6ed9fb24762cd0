#pragma once
// WASI preview1 for one module instance: the `wasi_snapshot_preview1` host functions over a
// WasiHost (streams, clocks, randomness) and the preopened directories' WasiFileSystems.
//
//   Wasi wasi(host, {.arguments = argv, .environment = env, .preopens = dirs});
//   if (wasi.link(store, module, imports, &error).is_error()) ...   // error names the import
//   instantiate(machine, module, compiled, imports) ... then invoke `_start`
//   if (wasi.exited()) status = wasi.exit_code();                 // proc_exit ends the call
//
// Imports are checked at link time: an import from another module, a WASI function this layer
// does not implement, or one declared with the wrong type fails link() with a message naming
// it, so a program never starts only to fail half way through. (wasi-libc imports exactly the
// functions a program uses, so what links is what the program can call.)
//
// proc_exit ends the invocation with TrapKind::Host; exited() then tells it from a real trap.

#include <lib/result.h>
#include <wasm/store.h>
#include <wasm/wasi/descriptors.h>

namespace mica::wasm::wasi {

class GuestMemory;

struct WasiConfig {
    Span<const StringView> arguments;   // argv, argv[0] being the program's name
    Span<const StringView> environment; // "NAME=value"
    Span<const Preopen> preopens;       // become descriptors 3, 4, ...
};

struct LinkError {
    StringView module;
    StringView name;
    const char* reason = nullptr;
};
void format_value(FormatSink& sink, const LinkError& error);

class Wasi;
using CallHandler = Errno (*)(Wasi& wasi, GuestMemory& memory, Span<Value> args);

struct CallInfo {
    const char* name;
    const char* params; // one letter per parameter: 'i' i32, 'I' i64
    bool returns_errno; // false only for proc_exit
    CallHandler handler;
};

// Every function this layer implements, in one table (wasi.cpp).
Span<const CallInfo> implemented_calls();

class Wasi {
public:
    Wasi(WasiHost& host, const WasiConfig& config);
    Wasi(const Wasi&) = delete;
    Wasi& operator=(const Wasi&) = delete;

    // Fills `imports` (one per import of `module`) with host functions created in `store`.
    Result<void> link(Store& store, const Module& module, Span<ExternValue> imports,
                      LinkError* error = nullptr);

    bool exited() const { return m_exited; }
    uint32_t exit_code() const { return m_exit_code; }

    // For the call implementations.
    WasiHost& host() { return m_host; }
    const WasiConfig& config() const { return m_config; }
    DescriptorTable& descriptors() { return m_descriptors; }
    WasiFileSystem& file_system(const Descriptor& descriptor) {
        return *m_config.preopens[descriptor.preopen].file_system;
    }
    void exit(uint32_t code) {
        m_exited = true;
        m_exit_code = code;
    }

private:
    class Function final : public HostFunction {
    public:
        HostResult call(const HostCall& call, Span<Value> values) override;
        Wasi* wasi = nullptr;
        const CallInfo* info = nullptr;
    };
    static constexpr size_t kMaxFunctions = 48;

    WasiHost& m_host;
    WasiConfig m_config;
    DescriptorTable m_descriptors;
    Function m_functions[kMaxFunctions];
    bool m_exited = false;
    uint32_t m_exit_code = 0;
};

} // namespace mica::wasm::wasi
