#pragma once
// The interpreter's internal code: what compiler.cpp makes of a validated function body and
// interpreter.cpp runs. A function is an array of 8-byte words; each instruction is one word
// holding its handler's address (threaded code: a handler ends by jumping to the next one)
// followed by operand words. Operands name frame slots (indices into the function's frame:
// parameters, then declared locals, then one slot per operand-stack height), so most
// WebAssembly instructions become one IR instruction that reads and writes slots directly.
// Branch targets are resolved to word addresses, immediates decoded, constants inlined.
//
// Word layouts ([handler][a|b] = two words, the second holding two 32-bit fields):
//   unary          [h][dst|src]             binary       [h][dst|a][b|-]
//   binary imm     [h][dst|a][imm value]    load         [h][dst|addr][offset|-]
//   store          [h][value|addr][offset|-]
//   br             [h][target]              br_if/unless [h][cond|-][target]
//   br_if cmp      [h][a|b][target]         br_if cmp imm [h][a|imm32][target]
//   br_table       [h][index|count][target]*(count+1)
//   call           [h][function|arg slot]   call_indirect [h][type|table][index|arg slot]
//   copy, const32  [h][dst|src or value]    const64      [h][dst|-][value]
//   select         [h][dst|a][b|cond]       global.get/set [h][slot|global]
// and for the memory and table instructions the operand slots in wasm order (see compiler.cpp).
//
// Calls: the caller's arguments already sit in consecutive slots; the callee's frame starts at
// the first of them, so its parameters need no copy, and its results come back in the same
// place (a register window, as in Lua).

#include <lib/span.h>
#include <wasm/ir_ops.h>
#include <wasm/value.h>

namespace mica::wasm::ir {

enum class Op : uint16_t {
#define MICA_WASM_OP(Name, ...) Name,
#define MICA_WASM_OP_IMM(Name, ...) Name, Name##Imm,
#define MICA_WASM_OP_BR(Name, ...) BrIf##Name, BrIf##Name##Imm,
    MICA_WASM_CONTROL_OPS(MICA_WASM_OP) MICA_WASM_UNARY_OPS(MICA_WASM_OP)
        MICA_WASM_TRUNC_OPS(MICA_WASM_OP) MICA_WASM_BINARY_OPS(MICA_WASM_OP_IMM)
            MICA_WASM_DIVIDE_OPS(MICA_WASM_OP_IMM) MICA_WASM_LOAD_OPS(MICA_WASM_OP)
                MICA_WASM_STORE_OPS(MICA_WASM_OP) MICA_WASM_I32_COMPARE_OPS(MICA_WASM_OP_BR)
#undef MICA_WASM_OP
#undef MICA_WASM_OP_IMM
#undef MICA_WASM_OP_BR
                    Count,
};

struct SlotPair {
    uint32_t a;
    uint32_t b;
};

union CodeWord {
    const void* handler;
    SlotPair pair;
    Value value;
    const CodeWord* target;
    uint64_t index; // a branch target while compiling: the word index it will point to
};
static_assert(sizeof(CodeWord) == 8);

// Maps code back to the module for trap reports: the instruction starting at word `code_index`
// (and those after it, up to the next entry) came from the instruction at `module_offset`.
struct OffsetMapping {
    uint32_t code_index;
    uint32_t module_offset;
};

struct CompiledFunction {
    Span<const CodeWord> code;
    Span<const OffsetMapping> offsets;
    uint32_t param_count = 0;
    uint32_t local_count = 0; // declared locals, zeroed on entry
    uint32_t result_count = 0;
    uint32_t frame_size = 0; // slots: parameters, locals and the deepest operand stack
    uint32_t function_index = 0;

    // The module offset of the instruction at `pc`, for a trap report.
    size_t module_offset(const CodeWord* pc) const;
};

// The handler address of each Op, from the interpreter (labels-as-values live in its function).
const void* const* handler_table();

} // namespace mica::wasm::ir
