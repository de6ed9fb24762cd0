#pragma once
// The interpreter's instruction set, as X-macro lists that the compiler (to pick an op for a
// WebAssembly opcode) and the interpreter (to define one handler per op) both expand, so the two
// cannot disagree. Operands are frame slots; see ir.h for the word layout of each shape.
//
// Numeric lists: X(Name, wasm opcode, operand field, result field, expression). Fields name the
// Value member to read or write (u32, i32, u64, i64, f32, f64); the expression sees the operands
// as `a` and `b`. Opcodes after the 0xfc prefix are written 0xfc00 + sub-opcode.

// One operand, one result, cannot trap.
#define MICA_WASM_UNARY_OPS(X)                                                                     \
    X(I32Eqz, 0x45, u32, u32, a == 0)                                                              \
    X(I64Eqz, 0x50, u64, u32, a == 0)                                                              \
    X(I32Clz, 0x67, u32, u32, num::clz32(a))                                                       \
    X(I32Ctz, 0x68, u32, u32, num::ctz32(a))                                                       \
    X(I32Popcnt, 0x69, u32, u32, num::popcnt32(a))                                                 \
    X(I64Clz, 0x79, u64, u64, num::clz64(a))                                                       \
    X(I64Ctz, 0x7a, u64, u64, num::ctz64(a))                                                       \
    X(I64Popcnt, 0x7b, u64, u64, num::popcnt64(a))                                                 \
    X(F32Abs, 0x8b, f32, f32, fp::abs<fp::F32>(a))                                                 \
    X(F32Neg, 0x8c, f32, f32, fp::neg<fp::F32>(a))                                                 \
    X(F32Ceil, 0x8d, f32, f32, fp::ceil<fp::F32>(a))                                               \
    X(F32Floor, 0x8e, f32, f32, fp::floor<fp::F32>(a))                                             \
    X(F32Trunc, 0x8f, f32, f32, fp::trunc<fp::F32>(a))                                             \
    X(F32Nearest, 0x90, f32, f32, fp::nearest<fp::F32>(a))                                         \
    X(F32Sqrt, 0x91, f32, f32, __builtin_sqrtf(a))                                                 \
    X(F64Abs, 0x99, f64, f64, fp::abs<fp::F64>(a))                                                 \
    X(F64Neg, 0x9a, f64, f64, fp::neg<fp::F64>(a))                                                 \
    X(F64Ceil, 0x9b, f64, f64, fp::ceil<fp::F64>(a))                                               \
    X(F64Floor, 0x9c, f64, f64, fp::floor<fp::F64>(a))                                             \
    X(F64Trunc, 0x9d, f64, f64, fp::trunc<fp::F64>(a))                                             \
    X(F64Nearest, 0x9e, f64, f64, fp::nearest<fp::F64>(a))                                         \
    X(F64Sqrt, 0x9f, f64, f64, __builtin_sqrt(a))                                                  \
    X(I64ExtendI32S, 0xac, i32, i64, int64_t(a))                                                   \
    X(I64ExtendI32U, 0xad, u32, u64, uint64_t(a))                                                  \
    X(F32ConvertI32S, 0xb2, i32, f32, float(a))                                                    \
    X(F32ConvertI32U, 0xb3, u32, f32, float(a))                                                    \
    X(F32ConvertI64S, 0xb4, i64, f32, float(a))                                                    \
    X(F32ConvertI64U, 0xb5, u64, f32, float(a))                                                    \
    X(F32DemoteF64, 0xb6, f64, f32, float(a))                                                      \
    X(F64ConvertI32S, 0xb7, i32, f64, double(a))                                                   \
    X(F64ConvertI32U, 0xb8, u32, f64, double(a))                                                   \
    X(F64ConvertI64S, 0xb9, i64, f64, double(a))                                                   \
    X(F64ConvertI64U, 0xba, u64, f64, double(a))                                                   \
    X(F64PromoteF32, 0xbb, f32, f64, double(a))                                                    \
    X(I32Extend8S, 0xc0, u32, i32, int8_t(a))                                                      \
    X(I32Extend16S, 0xc1, u32, i32, int16_t(a))                                                    \
    X(I64Extend8S, 0xc2, u64, i64, int8_t(a))                                                      \
    X(I64Extend16S, 0xc3, u64, i64, int16_t(a))                                                    \
    X(I64Extend32S, 0xc4, u64, i64, int32_t(a))                                                    \
    X(I32TruncSatF32S, 0xfc00, f32, i32, num::trunc_sat<int32_t>(a))                               \
    X(I32TruncSatF32U, 0xfc01, f32, u32, num::trunc_sat<uint32_t>(a))                              \
    X(I32TruncSatF64S, 0xfc02, f64, i32, num::trunc_sat<int32_t>(a))                               \
    X(I32TruncSatF64U, 0xfc03, f64, u32, num::trunc_sat<uint32_t>(a))                              \
    X(I64TruncSatF32S, 0xfc04, f32, i64, num::trunc_sat<int64_t>(a))                               \
    X(I64TruncSatF32U, 0xfc05, f32, u64, num::trunc_sat<uint64_t>(a))                              \
    X(I64TruncSatF64S, 0xfc06, f64, i64, num::trunc_sat<int64_t>(a))                               \
    X(I64TruncSatF64U, 0xfc07, f64, u64, num::trunc_sat<uint64_t>(a))

// One operand that may not convert: X(Name, opcode, operand field, result field, integer type).
#define MICA_WASM_TRUNC_OPS(X)                                                                     \
    X(I32TruncF32S, 0xa8, f32, i32, int32_t)                                                       \
    X(I32TruncF32U, 0xa9, f32, u32, uint32_t)                                                      \
    X(I32TruncF64S, 0xaa, f64, i32, int32_t)                                                       \
    X(I32TruncF64U, 0xab, f64, u32, uint32_t)                                                      \
    X(I64TruncF32S, 0xae, f32, i64, int64_t)                                                       \
    X(I64TruncF32U, 0xaf, f32, u64, uint64_t)                                                      \
    X(I64TruncF64S, 0xb0, f64, i64, int64_t)                                                       \
    X(I64TruncF64U, 0xb1, f64, u64, uint64_t)

// The i32 comparisons, which also exist fused with br_if (see MICA_WASM_I32_COMPARE_INVERSES).
#define MICA_WASM_I32_COMPARE_OPS(X)                                                               \
    X(I32Eq, 0x46, u32, u32, a == b)                                                               \
    X(I32Ne, 0x47, u32, u32, a != b)                                                               \
    X(I32LtS, 0x48, u32, u32, int32_t(a) < int32_t(b))                                             \
    X(I32LtU, 0x49, u32, u32, a < b)                                                               \
    X(I32GtS, 0x4a, u32, u32, int32_t(a) > int32_t(b))                                             \
    X(I32GtU, 0x4b, u32, u32, a > b)                                                               \
    X(I32LeS, 0x4c, u32, u32, int32_t(a) <= int32_t(b))                                            \
    X(I32LeU, 0x4d, u32, u32, a <= b)                                                              \
    X(I32GeS, 0x4e, u32, u32, int32_t(a) >= int32_t(b))                                            \
    X(I32GeU, 0x4f, u32, u32, a >= b)

// Each comparison and its negation, for turning `if` into a branch on the opposite test.
// (clang-format reflows this list differently on every pass: kept one pair per line by hand.)
// clang-format off
#define MICA_WASM_I32_COMPARE_INVERSES(X) \
    X(I32Eq, I32Ne)                       \
    X(I32Ne, I32Eq)                       \
    X(I32LtS, I32GeS)                     \
    X(I32LtU, I32GeU)                     \
    X(I32GtS, I32LeS)                     \
    X(I32GtU, I32LeU)                     \
    X(I32LeS, I32GtS)                     \
    X(I32LeU, I32GtU)                     \
    X(I32GeS, I32LtS)                     \
    X(I32GeU, I32LtU)
// clang-format on

// Two operands, one result, cannot trap (the i32 comparisons above first).
#define MICA_WASM_BINARY_OPS(X)                                                                    \
    MICA_WASM_I32_COMPARE_OPS(X)                                                                   \
    X(I64Eq, 0x51, u64, u32, a == b)                                                               \
    X(I64Ne, 0x52, u64, u32, a != b)                                                               \
    X(I64LtS, 0x53, u64, u32, int64_t(a) < int64_t(b))                                             \
    X(I64LtU, 0x54, u64, u32, a < b)                                                               \
    X(I64GtS, 0x55, u64, u32, int64_t(a) > int64_t(b))                                             \
    X(I64GtU, 0x56, u64, u32, a > b)                                                               \
    X(I64LeS, 0x57, u64, u32, int64_t(a) <= int64_t(b))                                            \
    X(I64LeU, 0x58, u64, u32, a <= b)                                                              \
    X(I64GeS, 0x59, u64, u32, int64_t(a) >= int64_t(b))                                            \
    X(I64GeU, 0x5a, u64, u32, a >= b)                                                              \
    X(F32Eq, 0x5b, f32, u32, a == b)                                                               \
    X(F32Ne, 0x5c, f32, u32, a != b)                                                               \
    X(F32Lt, 0x5d, f32, u32, a < b)                                                                \
    X(F32Gt, 0x5e, f32, u32, a > b)                                                                \
    X(F32Le, 0x5f, f32, u32, a <= b)                                                               \
    X(F32Ge, 0x60, f32, u32, a >= b)                                                               \
    X(F64Eq, 0x61, f64, u32, a == b)                                                               \
    X(F64Ne, 0x62, f64, u32, a != b)                                                               \
    X(F64Lt, 0x63, f64, u32, a < b)                                                                \
    X(F64Gt, 0x64, f64, u32, a > b)                                                                \
    X(F64Le, 0x65, f64, u32, a <= b)                                                               \
    X(F64Ge, 0x66, f64, u32, a >= b)                                                               \
    X(I32Add, 0x6a, u32, u32, a + b)                                                               \
    X(I32Sub, 0x6b, u32, u32, a - b)                                                               \
    X(I32Mul, 0x6c, u32, u32, a* b)                                                                \
    X(I32And, 0x71, u32, u32, a& b)                                                                \
    X(I32Or, 0x72, u32, u32, a | b)                                                                \
    X(I32Xor, 0x73, u32, u32, a ^ b)                                                               \
    X(I32Shl, 0x74, u32, u32, num::shl32(a, b))                                                    \
    X(I32ShrS, 0x75, u32, u32, num::shr_s32(a, b))                                                 \
    X(I32ShrU, 0x76, u32, u32, num::shr_u32(a, b))                                                 \
    X(I32Rotl, 0x77, u32, u32, num::rotl32(a, b))                                                  \
    X(I32Rotr, 0x78, u32, u32, num::rotr32(a, b))                                                  \
    X(I64Add, 0x7c, u64, u64, a + b)                                                               \
    X(I64Sub, 0x7d, u64, u64, a - b)                                                               \
    X(I64Mul, 0x7e, u64, u64, a* b)                                                                \
    X(I64And, 0x83, u64, u64, a& b)                                                                \
    X(I64Or, 0x84, u64, u64, a | b)                                                                \
    X(I64Xor, 0x85, u64, u64, a ^ b)                                                               \
    X(I64Shl, 0x86, u64, u64, num::shl64(a, b))                                                    \
    X(I64ShrS, 0x87, u64, u64, num::shr_s64(a, b))                                                 \
    X(I64ShrU, 0x88, u64, u64, num::shr_u64(a, b))                                                 \
    X(I64Rotl, 0x89, u64, u64, num::rotl64(a, b))                                                  \
    X(I64Rotr, 0x8a, u64, u64, num::rotr64(a, b))                                                  \
    X(F32Add, 0x92, f32, f32, a + b)                                                               \
    X(F32Sub, 0x93, f32, f32, a - b)                                                               \
    X(F32Mul, 0x94, f32, f32, a* b)                                                                \
    X(F32Div, 0x95, f32, f32, a / b)                                                               \
    X(F32Min, 0x96, f32, f32, fp::min<fp::F32>(a, b))                                              \
    X(F32Max, 0x97, f32, f32, fp::max<fp::F32>(a, b))                                              \
    X(F32Copysign, 0x98, f32, f32, fp::copysign<fp::F32>(a, b))                                    \
    X(F64Add, 0xa0, f64, f64, a + b)                                                               \
    X(F64Sub, 0xa1, f64, f64, a - b)                                                               \
    X(F64Mul, 0xa2, f64, f64, a* b)                                                                \
    X(F64Div, 0xa3, f64, f64, a / b)                                                               \
    X(F64Min, 0xa4, f64, f64, fp::min<fp::F64>(a, b))                                              \
    X(F64Max, 0xa5, f64, f64, fp::max<fp::F64>(a, b))                                              \
    X(F64Copysign, 0xa6, f64, f64, fp::copysign<fp::F64>(a, b))

// Two operands that may trap: X(Name, opcode, field, checked function).
#define MICA_WASM_DIVIDE_OPS(X)                                                                    \
    X(I32DivS, 0x6d, u32, (num::div_s<uint32_t, int32_t>))                                         \
    X(I32DivU, 0x6e, u32, num::div_u<uint32_t>)                                                    \
    X(I32RemS, 0x6f, u32, (num::rem_s<uint32_t, int32_t>))                                         \
    X(I32RemU, 0x70, u32, num::rem_u<uint32_t>)                                                    \
    X(I64DivS, 0x7f, u64, (num::div_s<uint64_t, int64_t>))                                         \
    X(I64DivU, 0x80, u64, num::div_u<uint64_t>)                                                    \
    X(I64RemS, 0x81, u64, (num::rem_s<uint64_t, int64_t>))                                         \
    X(I64RemU, 0x82, u64, num::rem_u<uint64_t>)

// Loads: X(Name, opcode, type in memory, result field); the assignment sign- or zero-extends.
#define MICA_WASM_LOAD_OPS(X)                                                                      \
    X(I32Load, 0x28, uint32_t, u32)                                                                \
    X(I64Load, 0x29, uint64_t, u64)                                                                \
    X(F32Load, 0x2a, uint32_t, u32)                                                                \
    X(F64Load, 0x2b, uint64_t, u64)                                                                \
    X(I32Load8S, 0x2c, int8_t, i32)                                                                \
    X(I32Load8U, 0x2d, uint8_t, u32)                                                               \
    X(I32Load16S, 0x2e, int16_t, i32)                                                              \
    X(I32Load16U, 0x2f, uint16_t, u32)                                                             \
    X(I64Load8S, 0x30, int8_t, i64)                                                                \
    X(I64Load8U, 0x31, uint8_t, u64)                                                               \
    X(I64Load16S, 0x32, int16_t, i64)                                                              \
    X(I64Load16U, 0x33, uint16_t, u64)                                                             \
    X(I64Load32S, 0x34, int32_t, i64)                                                              \
    X(I64Load32U, 0x35, uint32_t, u64)

// Stores: X(Name, opcode, type in memory, operand field); the conversion wraps.
#define MICA_WASM_STORE_OPS(X)                                                                     \
    X(I32Store, 0x36, uint32_t, u32)                                                               \
    X(I64Store, 0x37, uint64_t, u64)                                                               \
    X(F32Store, 0x38, uint32_t, u32)                                                               \
    X(F64Store, 0x39, uint64_t, u64)                                                               \
    X(I32Store8, 0x3a, uint8_t, u32)                                                               \
    X(I32Store16, 0x3b, uint16_t, u32)                                                             \
    X(I64Store8, 0x3c, uint8_t, u64)                                                               \
    X(I64Store16, 0x3d, uint16_t, u64)                                                             \
    X(I64Store32, 0x3e, uint32_t, u64)

// Everything else: X(Name, words), the instruction's length in 8-byte words.
#define MICA_WASM_CONTROL_OPS(X)                                                                   \
    X(Unreachable, 1)                                                                              \
    X(Br, 2)                                                                                       \
    X(BrIf, 3)                                                                                     \
    X(BrUnless, 3)                                                                                 \
    X(BrTable, 2) /* + count + 1 target words */                                                   \
    X(Return, 1)                                                                                   \
    X(Call, 2)                                                                                     \
    X(CallIndirect, 3)                                                                             \
    X(Fuel, 1)                                                                                     \
    X(Copy, 2)                                                                                     \
    X(Const32, 2)                                                                                  \
    X(Const64, 3)                                                                                  \
    X(Select, 3)                                                                                   \
    X(GlobalGet, 2)                                                                                \
    X(GlobalSet, 2)                                                                                \
    X(MemorySize, 2)                                                                               \
    X(MemoryGrow, 2)                                                                               \
    X(MemoryInit, 3)                                                                               \
    X(DataDrop, 2)                                                                                 \
    X(MemoryCopy, 3)                                                                               \
    X(MemoryFill, 3)                                                                               \
    X(TableGet, 3)                                                                                 \
    X(TableSet, 3)                                                                                 \
    X(TableSize, 2)                                                                                \
    X(TableGrow, 3)                                                                                \
    X(TableFill, 3)                                                                                \
    X(TableCopy, 4)                                                                                \
    X(TableInit, 4)                                                                                \
    X(ElemDrop, 2)                                                                                 \
    X(RefFunc, 2)
