// libFuzzer target for the whole WebAssembly runtime: decode, validate, compile, instantiate
// (every import satisfied by a stand-in of its declared type) and run each exported function
// that takes no parameters, with fuel, bounded stacks and a small store. Whatever the input,
// the runtime must refuse it or run it to a result or a trap: never a crash, hang, leak or
// out-of-bounds access (build with -fsanitize=fuzzer,address,undefined).
//
// Sources: user/wasm/*.cpp. Seeds: the modules wasm_data.cmake writes and the .wasm files
// tests/wasm/*.wast turn into (build/host/tests/host/wasm_spec).

#include <wasm/decoder.h>
#include <wasm/instance.h>
#include <wasm/validator.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <vector>

using namespace mica;
using namespace mica::wasm;

namespace {

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

class MallocAllocator final : public Allocator {
public:
    void* allocate(size_t size, size_t alignment) override {
        void* pointer = nullptr;
        if (size > (size_t(64) << 20) ||
            posix_memalign(&pointer, alignment < sizeof(void*) ? sizeof(void*) : alignment,
                           size ? size : 1) != 0)
            return nullptr;
        return pointer;
    }
    void deallocate(void* pointer, size_t) override { free(pointer); }
};

// Stands in for every imported function: results are zero.
struct ZeroFunction final : HostFunction {
    HostResult call(const HostCall&, Span<Value> values) override {
        for (Value& value : values)
            value = Value::from_i64(0);
        return {};
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes input(data, size);
    std::vector<uint8_t> arena_memory(decoder_arena_size(size));
    Arena arena(arena_memory.data(), arena_memory.size());
    auto decoded = decode_module(input, arena);
    if (decoded.is_error())
        return 0;
    const Module& module = decoded.value();
    std::vector<uint8_t> scratch_memory(validator_arena_size(module));
    Arena scratch(scratch_memory.data(), scratch_memory.size());
    if (validate_module(module, scratch).is_error())
        return 0;

    MallocAllocator allocator;
    CompiledModule compiled(allocator);
    auto done = compile_module(module, compiled, CompileOptions{.metering = true});
    check(done.is_ok() || done.error() == Error::NoMemory);
    if (done.is_error())
        return 0;

    StoreLimits store_limits{.max_memory_pages = 64, .max_table_elements = 4096};
    Store store(allocator, store_limits);
    Machine machine(store, MachineLimits{.stack_slots = 1 << 16, .call_depth = 512});
    ZeroFunction zero;
    std::vector<ExternValue> imports;
    for (const Import& import : module.imports) {
        ExternValue value;
        switch (import.kind) {
        case ExternKind::Function: {
            auto function = store.create_host_function(module.types[import.type_index], zero);
            if (function.is_error())
                return 0;
            value = ExternValue::of(function.value());
            break;
        }
        case ExternKind::Table: {
            auto table = store.create_table(import.table);
            if (table.is_error())
                return 0;
            value = ExternValue::of(table.value());
            break;
        }
        case ExternKind::Memory: {
            auto memory = store.create_memory(import.memory);
            if (memory.is_error())
                return 0;
            value = ExternValue::of(memory.value());
            break;
        }
        case ExternKind::Global: {
            auto global = store.create_global(import.global, Value::from_i64(0));
            if (global.is_error())
                return 0;
            value = ExternValue::of(global.value());
            break;
        }
        }
        check(import_matches(module, import, value));
        imports.push_back(value);
    }
    machine.set_fuel(20000);
    InstantiateReport report;
    auto instance = instantiate(machine, module, compiled,
                                Span<const ExternValue>(imports.data(), imports.size()), &report);
    if (instance.is_error()) {
        check(report.reason != nullptr);
        return 0;
    }
    for (const Export& item : module.exports) {
        if (item.kind != ExternKind::Function)
            continue;
        const FunctionInstance& function = *instance.value()->functions[item.index];
        if (!function.type->params.is_empty())
            continue;
        std::vector<Value> results(function.type->results.size());
        Trap trap;
        machine.set_fuel(20000);
        if (!machine.invoke(function, {}, Span<Value>(results.data(), results.size()), trap))
            check(trap.kind != TrapKind::None);
    }
    return 0;
}
