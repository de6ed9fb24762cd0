#pragma once
// One WebAssembly value: the 64-bit cell the interpreter keeps in every local and operand slot,
// and what the embedder passes to and gets from invoke(). The type is not stored: validation
// fixes the type of every slot, so the interpreter reads the field that type names. An i32 or
// f32 only defines the low half (all Mica ISAs are little-endian).
//
// References are opaque 64-bit words, 0 meaning null: a funcref holds the FunctionInstance*, an
// externref whatever non-zero word the embedder chose.

#include <lib/types.h>

namespace mica::wasm {

struct FunctionInstance;

union Value {
    uint32_t u32;
    int32_t i32;
    uint64_t u64;
    int64_t i64;
    float f32;
    double f64;
    uint64_t ref;

    static Value from_i32(uint32_t bits) {
        Value value;
        value.u64 = bits;
        return value;
    }
    static Value from_i64(uint64_t bits) {
        Value value;
        value.u64 = bits;
        return value;
    }
    static Value from_f32_bits(uint32_t bits) { return from_i32(bits); }
    static Value from_f64_bits(uint64_t bits) { return from_i64(bits); }
    static Value from_ref(uint64_t ref) { return from_i64(ref); }
    static Value from_function(const FunctionInstance* function) {
        return from_i64(reinterpret_cast<uintptr_t>(function));
    }

    FunctionInstance* function() const { return reinterpret_cast<FunctionInstance*>(ref); }
};

static_assert(sizeof(Value) == 8, "one slot per value");

constexpr uint64_t kNullRef = 0;

} // namespace mica::wasm
