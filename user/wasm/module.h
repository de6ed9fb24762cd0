#pragma once
// A decoded WebAssembly module: the sections of the binary format turned into tables. Every
// span points into the decoder's Arena, every name and code body into the module's bytes, so
// both must outlive the Module. Index spaces follow the spec: imports come first, then the
// module's own definitions (functions, tables, memories, globals).

#include <lib/span.h>
#include <lib/string_view.h>

namespace mica::wasm {

enum class ValType : uint8_t {
    Unknown = 0, // the validator's "any" on an unreachable stack; never in a module
    I32 = 0x7f,
    I64 = 0x7e,
    F32 = 0x7d,
    F64 = 0x7c,
    FuncRef = 0x70,
    ExternRef = 0x6f,
};

constexpr bool is_number(ValType type) {
    return type == ValType::I32 || type == ValType::I64 || type == ValType::F32 ||
           type == ValType::F64;
}
constexpr bool is_reference(ValType type) {
    return type == ValType::FuncRef || type == ValType::ExternRef;
}
const char* val_type_name(ValType type);

enum class ExternKind : uint8_t { Function = 0, Table = 1, Memory = 2, Global = 3 };

struct FuncType {
    Span<const ValType> params;
    Span<const ValType> results;
};

struct Limits {
    uint32_t min = 0;
    uint32_t max = 0;
    bool has_max = false;
};

struct TableType {
    ValType element = ValType::FuncRef;
    Limits limits;
};

struct GlobalType {
    ValType type = ValType::I32;
    bool is_mutable = false;
};

// A constant expression: one instruction and `end` (all WebAssembly 1.0 and clang need).
struct ConstExpr {
    enum class Kind : uint8_t { I32, I64, F32, F64, GlobalGet, RefNull, RefFunc };
    Kind kind = Kind::I32;
    ValType ref_type = ValType::FuncRef; // RefNull
    uint32_t index = 0;                  // GlobalGet, RefFunc
    uint64_t bits = 0;                   // the constant's bit pattern
    size_t offset = 0;                   // in the module, for diagnostics
};

struct Import {
    StringView module;
    StringView name;
    ExternKind kind = ExternKind::Function;
    uint32_t type_index = 0; // Function
    TableType table;         // Table
    Limits memory;           // Memory
    GlobalType global;       // Global
};

struct Global {
    GlobalType type;
    ConstExpr init;
};

struct Export {
    StringView name;
    ExternKind kind = ExternKind::Function;
    uint32_t index = 0;
    size_t offset = 0;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElementSegment {
    static constexpr uint32_t kNullFunction = ~uint32_t{0}; // a ref.null item
    SegmentMode mode = SegmentMode::Active;
    ValType type = ValType::FuncRef;
    uint32_t table = 0;
    ConstExpr offset_expr;          // Active
    Span<const uint32_t> functions; // function indices, or kNullFunction
    size_t offset = 0;
};

struct DataSegment {
    SegmentMode mode = SegmentMode::Active; // never Declarative
    uint32_t memory = 0;
    ConstExpr offset_expr; // Active
    Bytes bytes;
    size_t offset = 0;
};

// `count` locals of one type, starting at local index `first` (after the parameters).
struct LocalGroup {
    uint32_t first = 0;
    uint32_t count = 0;
    ValType type = ValType::I32;
};

struct FunctionBody {
    Span<const LocalGroup> locals;
    uint32_t local_count = 0; // declared locals, not counting parameters
    Bytes code;               // the instructions, ending with the function's `end`
    size_t code_offset = 0;   // of code[0] in the module
    size_t offset = 0;        // of the body's size field
};

struct Module {
    Span<const FuncType> types;
    Span<const Import> imports;
    // Index spaces, imports first.
    Span<const uint32_t> function_types; // type index of each function
    Span<const TableType> tables;
    Span<const Limits> memories;
    Span<const GlobalType> global_types;
    uint32_t imported_functions = 0;
    uint32_t imported_tables = 0;
    uint32_t imported_memories = 0;
    uint32_t imported_globals = 0;
    // The module's own definitions.
    Span<const Global> globals;      // global_types[imported_globals + i]
    Span<const FunctionBody> bodies; // of function imported_functions + i
    Span<const Export> exports;
    Span<const ElementSegment> elements;
    Span<const DataSegment> data;
    bool has_start = false;
    uint32_t start = 0;
    bool has_data_count = false;
    uint32_t data_count = 0;

    const FuncType& function_type(uint32_t function) const {
        return types[function_types[function]];
    }
};

} // namespace mica::wasm
