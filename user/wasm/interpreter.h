#pragma once
// Runs compiled WebAssembly code: a Machine is one thread of execution over a Store, with a
// bounded value stack (every frame's slots) and a bounded call stack, both taken from the
// store's allocator on first use. WebAssembly calls never recurse on the host stack, so deep or
// runaway recursion ends in TrapKind::CallStackExhausted, not a crash.
//
//   Machine machine(store);
//   Value args[] = {Value::from_i32(7)}, results[1];
//   Trap trap;
//   if (!machine.invoke(*function, args, results, trap))
//       format(console, "trap: {}\n", trap);   // "integer divide by zero in function 3 at ..."

#include <wasm/store.h>
#include <wasm/trap.h>

namespace mica::wasm {

namespace ir {
union CodeWord;
}

struct MachineLimits {
    uint32_t stack_slots = 1u << 20; // 8 MiB of values
    uint32_t call_depth = 20000;
};

class Machine {
public:
    explicit Machine(Store& store, const MachineLimits& limits = {})
        : m_store(store), m_limits(limits) {}
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;
    ~Machine();

    // Calls `function` with `args` (one per parameter) and writes its results (one per result).
    // Returns false when it trapped, with the report in `trap`. A host function may call
    // invoke() again; the nested call runs above the caller's frames.
    bool invoke(const FunctionInstance& function, Span<const Value> args, Span<Value> results,
                Trap& trap);

    // Fuel for code compiled with CompileOptions::metering: one unit per function entry and per
    // loop iteration; at zero the call traps with TrapKind::OutOfFuel.
    void set_fuel(int64_t fuel) { m_fuel = fuel; }
    int64_t fuel() const { return m_fuel; }

    Store& store() { return m_store; }

private:
    struct Frame {
        const ir::CodeWord* return_pc;
        Value* fp;
        const FunctionInstance* function;
    };
    friend bool run(Machine*, const FunctionInstance*, Value*, Trap*, const void* const**);
    bool ensure_stacks();

    Store& m_store;
    MachineLimits m_limits;
    Value* m_stack = nullptr;
    Frame* m_frames = nullptr;
    Value* m_floor = nullptr; // first free slot (moves up while a host function runs)
    uint32_t m_depth = 0;     // frames in use
    int64_t m_fuel = INT64_MAX;
};

} // namespace mica::wasm
