#pragma once
// Opcode bytes of the instructions the decoder and validator name (WebAssembly spec, section
// 5.4). Ranges of plain numeric instructions are handled by table in the validator.

#include <lib/types.h>

namespace mica::wasm::op {

constexpr uint8_t kUnreachable = 0x00;
constexpr uint8_t kNop = 0x01;
constexpr uint8_t kBlock = 0x02;
constexpr uint8_t kLoop = 0x03;
constexpr uint8_t kIf = 0x04;
constexpr uint8_t kElse = 0x05;
constexpr uint8_t kEnd = 0x0b;
constexpr uint8_t kBr = 0x0c;
constexpr uint8_t kBrIf = 0x0d;
constexpr uint8_t kBrTable = 0x0e;
constexpr uint8_t kReturn = 0x0f;
constexpr uint8_t kCall = 0x10;
constexpr uint8_t kCallIndirect = 0x11;
constexpr uint8_t kDrop = 0x1a;
constexpr uint8_t kSelect = 0x1b;
constexpr uint8_t kSelectTyped = 0x1c;
constexpr uint8_t kLocalGet = 0x20;
constexpr uint8_t kLocalSet = 0x21;
constexpr uint8_t kLocalTee = 0x22;
constexpr uint8_t kGlobalGet = 0x23;
constexpr uint8_t kGlobalSet = 0x24;
constexpr uint8_t kTableGet = 0x25;
constexpr uint8_t kTableSet = 0x26;
constexpr uint8_t kFirstLoad = 0x28; // i32.load
constexpr uint8_t kLastStore = 0x3e; // i64.store32
constexpr uint8_t kMemorySize = 0x3f;
constexpr uint8_t kMemoryGrow = 0x40;
constexpr uint8_t kI32Const = 0x41;
constexpr uint8_t kI64Const = 0x42;
constexpr uint8_t kF32Const = 0x43;
constexpr uint8_t kF64Const = 0x44;
constexpr uint8_t kFirstNumeric = 0x45; // i32.eqz
constexpr uint8_t kLastNumeric = 0xc4;  // i64.extend32_s
constexpr uint8_t kRefNull = 0xd0;
constexpr uint8_t kRefIsNull = 0xd1;
constexpr uint8_t kRefFunc = 0xd2;
constexpr uint8_t kPrefixFC = 0xfc;

// After 0xfc, a u32 sub-opcode.
namespace fc {
constexpr uint32_t kLastTruncSat = 7; // 0..7: i32/i64.trunc_sat_f32/f64_s/u
constexpr uint32_t kMemoryInit = 8;
constexpr uint32_t kDataDrop = 9;
constexpr uint32_t kMemoryCopy = 10;
constexpr uint32_t kMemoryFill = 11;
constexpr uint32_t kTableInit = 12;
constexpr uint32_t kElemDrop = 13;
constexpr uint32_t kTableCopy = 14;
constexpr uint32_t kTableGrow = 15;
constexpr uint32_t kTableSize = 16;
constexpr uint32_t kTableFill = 17;
} // namespace fc

} // namespace mica::wasm::op
