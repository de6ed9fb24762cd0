#pragma once
// The run-time objects of the WebAssembly store (spec section 4.2): function, table, memory and
// global instances, and the module instances that tie them together. All of them live in a
// Store (store.h), which owns and frees them; instances share them through imports, so a table
// or memory may be used by several instances at once.

#include <lib/span.h>
#include <lib/string_view.h>
#include <wasm/module.h>
#include <wasm/trap.h>
#include <wasm/value.h>

namespace mica::wasm {

struct Instance;
struct MemoryInstance;
namespace ir {
struct CompiledFunction;
}

// What a host function sees of its caller: the instance whose code called it (nullptr when the
// embedder invoked the host function directly) and that instance's memory, if any.
struct HostCall {
    Instance* caller = nullptr;
    MemoryInstance* memory = nullptr;
};

// A trap raised by a host function: TrapKind::None to return normally.
struct HostResult {
    TrapKind kind = TrapKind::None;
    uint32_t code = 0; // for TrapKind::Host: the host's own reason (e.g. a WASI exit status)
};

// An import implemented by the embedder (WASI, the spec tests' `spectest` module, ...).
class HostFunction {
public:
    // `values` holds the arguments on entry; the function writes its results over them (the
    // span has room for max(parameters, results) values), so read before writing.
    virtual HostResult call(const HostCall& call, Span<Value> values) = 0;

protected:
    ~HostFunction() = default;
};

struct FunctionInstance {
    const FuncType* type = nullptr;
    Instance* instance = nullptr;               // the defining instance; nullptr for host
    const ir::CompiledFunction* code = nullptr; // nullptr for host
    HostFunction* host = nullptr;
    uint32_t index = 0; // in the defining module's function index space
};

struct MemoryInstance {
    static constexpr uint64_t kPageSize = 65536;
    uint8_t* data = nullptr;
    uint64_t size = 0; // bytes: pages * kPageSize
    uint32_t pages = 0;
    uint32_t max_pages = 65536; // declared maximum, or the limit for 32-bit memories
    bool has_max = false;
    MemoryInstance* next = nullptr; // the store's list
};

struct TableInstance {
    uint64_t* elements = nullptr; // references: 0 is null
    uint32_t size = 0;
    uint32_t capacity = 0;
    ValType element_type = ValType::FuncRef;
    uint32_t max = ~uint32_t{0};
    bool has_max = false;
    TableInstance* next = nullptr; // the store's list
};

struct GlobalInstance {
    GlobalType type;
    Value value;
};

struct ExternValue {
    ExternKind kind = ExternKind::Function;
    union {
        FunctionInstance* function;
        TableInstance* table;
        MemoryInstance* memory;
        GlobalInstance* global;
    };
    ExternValue() : function(nullptr) {}
    static ExternValue of(FunctionInstance* f) {
        ExternValue v;
        v.kind = ExternKind::Function;
        v.function = f;
        return v;
    }
    static ExternValue of(TableInstance* t) {
        ExternValue v;
        v.kind = ExternKind::Table;
        v.table = t;
        return v;
    }
    static ExternValue of(MemoryInstance* m) {
        ExternValue v;
        v.kind = ExternKind::Memory;
        v.memory = m;
        return v;
    }
    static ExternValue of(GlobalInstance* g) {
        ExternValue v;
        v.kind = ExternKind::Global;
        v.global = g;
        return v;
    }
};

struct Instance {
    const Module* module = nullptr;
    Span<FunctionInstance*> functions; // index spaces, imports first
    Span<TableInstance*> tables;
    MemoryInstance* memory = nullptr;
    Span<GlobalInstance*> globals;
    Span<uint8_t> dropped_elements; // 1 once elem.drop (or instantiation) dropped the segment
    Span<uint8_t> dropped_data;

    // The export called `name`, if there is one.
    bool find_export(StringView name, ExternValue& out) const;
};

// Function types match structurally (the spec's type equality), across modules too.
bool same_type(const FuncType& a, const FuncType& b);

} // namespace mica::wasm
