#include <wasm/opcodes.h>
#include <wasm/reader.h>
#include <wasm/validator.h>

namespace mica::wasm {

namespace {

using T = ValType;

struct ControlFrame {
    uint8_t opcode = 0;
    Span<const ValType> params;
    Span<const ValType> results;
    uint32_t height = 0;
    bool unreachable = false;
};

// The type of a plain numeric instruction (0x45..0xc4): one or two operands of `in`, a result
// of `out`.
struct NumericSignature {
    ValType in;
    uint8_t arity;
    ValType out;
};

NumericSignature numeric_signature(uint8_t opcode) {
    if (opcode == 0x45)
        return {T::I32, 1, T::I32};
    if (opcode <= 0x4f)
        return {T::I32, 2, T::I32};
    if (opcode == 0x50)
        return {T::I64, 1, T::I32};
    if (opcode <= 0x5a)
        return {T::I64, 2, T::I32};
    if (opcode <= 0x60)
        return {T::F32, 2, T::I32};
    if (opcode <= 0x66)
        return {T::F64, 2, T::I32};
    if (opcode <= 0x69)
        return {T::I32, 1, T::I32};
    if (opcode <= 0x78)
        return {T::I32, 2, T::I32};
    if (opcode <= 0x7b)
        return {T::I64, 1, T::I64};
    if (opcode <= 0x8a)
        return {T::I64, 2, T::I64};
    if (opcode <= 0x91)
        return {T::F32, 1, T::F32};
    if (opcode <= 0x98)
        return {T::F32, 2, T::F32};
    if (opcode <= 0x9f)
        return {T::F64, 1, T::F64};
    if (opcode <= 0xa6)
        return {T::F64, 2, T::F64};
    if (opcode <= 0xbf) {
        // Conversions, in opcode order from i32.wrap_i64 to f64.reinterpret_i64.
        static const ValType kConversions[][2] = {
            {T::I64, T::I32}, {T::F32, T::I32}, {T::F32, T::I32}, {T::F64, T::I32},
            {T::F64, T::I32}, {T::I32, T::I64}, {T::I32, T::I64}, {T::F32, T::I64},
            {T::F32, T::I64}, {T::F64, T::I64}, {T::F64, T::I64}, {T::I32, T::F32},
            {T::I32, T::F32}, {T::I64, T::F32}, {T::I64, T::F32}, {T::F64, T::F32},
            {T::I32, T::F64}, {T::I32, T::F64}, {T::I64, T::F64}, {T::I64, T::F64},
            {T::F32, T::F64}, {T::F32, T::I32}, {T::F64, T::I64}, {T::I32, T::F32},
            {T::I64, T::F64},
        };
        const ValType* conversion = kConversions[opcode - 0xa7];
        return {conversion[0], 1, conversion[1]};
    }
    if (opcode <= 0xc1)
        return {T::I32, 1, T::I32}; // i32.extend8_s, i32.extend16_s
    return {T::I64, 1, T::I64};     // i64.extend8/16/32_s
}

// Loads 0x28..0x35 and stores 0x36..0x3e: the value type and log2 of the natural alignment.
struct MemoryAccess {
    ValType type;
    uint8_t natural_alignment;
    bool is_store;
};

MemoryAccess memory_access(uint8_t opcode) {
    static const MemoryAccess kAccesses[] = {
        {T::I32, 2, false}, {T::I64, 3, false}, {T::F32, 2, false}, {T::F64, 3, false},
        {T::I32, 0, false}, {T::I32, 0, false}, {T::I32, 1, false}, {T::I32, 1, false},
        {T::I64, 0, false}, {T::I64, 0, false}, {T::I64, 1, false}, {T::I64, 1, false},
        {T::I64, 2, false}, {T::I64, 2, false}, {T::I32, 2, true},  {T::I64, 3, true},
        {T::F32, 2, true},  {T::F64, 3, true},  {T::I32, 0, true},  {T::I32, 1, true},
        {T::I64, 0, true},  {T::I64, 1, true},  {T::I64, 2, true},
    };
    return kAccesses[opcode - op::kFirstLoad];
}

// Storage for block types that name one value type: a span into this array.
const ValType kSingleTypes[] = {T::I32, T::I64, T::F32, T::F64, T::FuncRef, T::ExternRef};

Span<const ValType> single(ValType type) {
    for (size_t i = 0; i < sizeof(kSingleTypes) / sizeof(kSingleTypes[0]); ++i) {
        if (kSingleTypes[i] == type)
            return Span<const ValType>(&kSingleTypes[i], 1);
    }
    return {};
}

bool same_types(Span<const ValType> a, Span<const ValType> b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

class ModuleValidator {
public:
    ModuleValidator(const Module& module, Arena& scratch, Diagnostic* diagnostic,
                    const ValidatorLimits& limits)
        : m_module(module), m_scratch(scratch), m_diagnostic(diagnostic), m_limits(limits) {}

    Result<void> validate();

private:
    Error invalid_at(size_t offset, const char* reason) {
        if (m_diagnostic) {
            m_diagnostic->offset = offset;
            m_diagnostic->reason = reason;
        }
        return Error::InvalidArgument;
    }
    void set_section(const char* section) {
        if (m_diagnostic)
            m_diagnostic->section = section;
    }
    bool is_declared(uint32_t function) const {
        return m_refs[function / 8] & (1u << (function % 8));
    }
    void declare(uint32_t function) { m_refs[function / 8] |= uint8_t(1u << (function % 8)); }

    Result<ValType> const_expr_type(const ConstExpr& expr, uint32_t visible_globals);
    Result<void> check_const_expr(const ConstExpr& expr, ValType expected,
                                  uint32_t visible_globals);
    Result<void> validate_exports();
    Result<void> validate_function(uint32_t index);

    friend class FunctionValidator;
    const Module& m_module;
    Arena& m_scratch;
    Diagnostic* m_diagnostic;
    ValidatorLimits m_limits;
    Span<uint8_t> m_refs; // bitset: functions named outside function bodies (C.refs)
    Span<ValType> m_operands;
    Span<ControlFrame> m_controls;
};

class FunctionValidator {
public:
    FunctionValidator(ModuleValidator& parent, uint32_t index, const FunctionBody& body)
        : m_parent(parent), m_module(parent.m_module), m_body(body),
          m_type(parent.m_module.function_type(index)),
          m_reader(body.code, body.code_offset, parent.m_diagnostic) {}

    Result<void> validate();

private:
    Error invalid(const char* reason) {
        return m_reader.fail_at(m_instruction, Error::InvalidArgument, reason);
    }
    ControlFrame& top() { return m_parent.m_controls[m_control_count - 1]; }

    Result<void> push(ValType type) {
        if (m_operand_count == m_parent.m_operands.size())
            return m_reader.fail_at(m_instruction, Error::Full,
                                    "operand stack deeper than the validator's limit");
        m_parent.m_operands[m_operand_count++] = type;
        return {};
    }
    Result<void> push(Span<const ValType> types) {
        for (ValType type : types)
            TRY(push(type));
        return {};
    }
    Result<ValType> pop() {
        if (m_operand_count == top().height) {
            if (top().unreachable)
                return ValType::Unknown;
            return invalid("type mismatch: operand stack underflow");
        }
        return m_parent.m_operands[--m_operand_count];
    }
    Result<ValType> pop(ValType expected) {
        ValType actual = TRY(pop());
        if (actual != expected && actual != ValType::Unknown && expected != ValType::Unknown)
            return invalid(expected == ValType::I32   ? "type mismatch: expected i32"
                           : expected == ValType::I64 ? "type mismatch: expected i64"
                           : expected == ValType::F32 ? "type mismatch: expected f32"
                           : expected == ValType::F64 ? "type mismatch: expected f64"
                                                      : "type mismatch: expected a reference");
        return actual == ValType::Unknown ? expected : actual;
    }
    Result<void> pop(Span<const ValType> types) {
        for (size_t i = types.size(); i > 0; --i)
            TRY(pop(types[i - 1]));
        return {};
    }
    Result<void> push_control(uint8_t opcode, Span<const ValType> params,
                              Span<const ValType> results) {
        if (m_control_count == m_parent.m_controls.size())
            return m_reader.fail_at(m_instruction, Error::Full,
                                    "blocks nested deeper than the validator's limit");
        m_parent.m_controls[m_control_count++] =
            ControlFrame{opcode, params, results, m_operand_count, false};
        return push(params);
    }
    Result<ControlFrame> pop_control() {
        ControlFrame frame = top();
        TRY(pop(frame.results));
        if (m_operand_count != frame.height)
            return invalid("type mismatch: values left on the stack at the end of a block");
        --m_control_count;
        return frame;
    }
    void set_unreachable() {
        m_operand_count = top().height;
        top().unreachable = true;
    }
    static Span<const ValType> label_types(const ControlFrame& frame) {
        return frame.opcode == op::kLoop ? frame.params : frame.results;
    }
    // The operands match `types` without being popped (br_if, br_table).
    Result<void> check_top(Span<const ValType> types) {
        for (size_t i = 0; i < types.size(); ++i) {
            size_t depth = types.size() - i; // 1 = top of stack
            if (depth > m_operand_count - top().height) {
                if (!top().unreachable)
                    return invalid("type mismatch: operand stack underflow");
                continue;
            }
            ValType actual = m_parent.m_operands[m_operand_count - depth];
            if (actual != types[i] && actual != ValType::Unknown)
                return invalid("type mismatch in branch operands");
        }
        return {};
    }

    Result<const ControlFrame*> read_label();
    Result<void> read_block_type(Span<const ValType>& params, Span<const ValType>& results);
    Result<ValType> local_type(uint32_t index);
    Result<const TableType*> read_table();
    Result<void> read_memory_index();
    Result<void> validate_memory_access(uint8_t opcode);
    Result<void> validate_prefixed();
    Result<void> validate_instruction(uint8_t opcode);

    ModuleValidator& m_parent;
    const Module& m_module;
    const FunctionBody& m_body;
    const FuncType& m_type;
    Reader m_reader;
    size_t m_instruction = 0; // offset of the instruction being checked
    uint32_t m_operand_count = 0;
    uint32_t m_control_count = 0;
};

Result<const ControlFrame*> FunctionValidator::read_label() {
    uint32_t depth = TRY(m_reader.read_u32());
    if (depth >= m_control_count)
        return invalid("unknown label");
    return &m_parent.m_controls[m_control_count - 1 - depth];
}

Result<void> FunctionValidator::read_block_type(Span<const ValType>& params,
                                                Span<const ValType>& results) {
    int64_t code = TRY(m_reader.read_s33());
    params = {};
    results = {};
    if (code >= 0) {
        if (uint64_t(code) >= m_module.types.size())
            return invalid("unknown type");
        params = m_module.types[size_t(code)].params;
        results = m_module.types[size_t(code)].results;
        return {};
    }
    if (code == -0x40)
        return {};
    // A one-byte value type code, read as a negative s33.
    if (code < -0x40)
        return m_reader.fail_at(m_instruction, Error::Malformed, "malformed block type");
    results = single(ValType(uint8_t(code & 0x7f)));
    if (results.is_empty())
        return m_reader.fail_at(m_instruction, Error::Malformed, "malformed block type");
    return {};
}

Result<ValType> FunctionValidator::local_type(uint32_t index) {
    if (index < m_type.params.size())
        return m_type.params[index];
    uint64_t local = uint64_t(index) - m_type.params.size();
    if (local >= m_body.local_count)
        return invalid("unknown local");
    // The last group starting at or before `local` holds it (empty groups share its start).
    size_t low = 0, high = m_body.locals.size();
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (m_body.locals[middle].first <= local)
            low = middle;
        else
            high = middle;
    }
    return m_body.locals[low].type;
}

Result<const TableType*> FunctionValidator::read_table() {
    uint32_t table = TRY(m_reader.read_u32());
    if (table >= m_module.tables.size())
        return invalid("unknown table");
    return &m_module.tables[table];
}

Result<void> FunctionValidator::read_memory_index() {
    size_t offset = m_reader.offset();
    if (TRY(m_reader.read_u8()) != 0)
        return m_reader.fail_at(offset, Error::Malformed, "zero byte expected (memory index)");
    if (m_module.memories.is_empty())
        return invalid("unknown memory 0");
    return {};
}

Result<void> FunctionValidator::validate_memory_access(uint8_t opcode) {
    MemoryAccess access = memory_access(opcode);
    uint32_t alignment = TRY(m_reader.read_u32());
    TRY(m_reader.read_u32()); // offset: any u32 for a 32-bit memory
    if (m_module.memories.is_empty())
        return invalid("unknown memory 0");
    if (alignment > access.natural_alignment)
        return invalid("alignment must not be larger than natural");
    if (access.is_store) {
        TRY(pop(access.type));
        TRY(pop(ValType::I32));
    } else {
        TRY(pop(ValType::I32));
        TRY(push(access.type));
    }
    return {};
}

Result<void> FunctionValidator::validate_prefixed() {
    uint32_t sub = TRY(m_reader.read_u32());
    if (sub <= op::fc::kLastTruncSat) {
        // i32.trunc_sat_f32_s/u, i32.trunc_sat_f64_s/u, then the same for i64.
        TRY(pop((sub & 2) ? ValType::F64 : ValType::F32));
        return push(sub < 4 ? ValType::I32 : ValType::I64);
    }
    switch (sub) {
    case op::fc::kMemoryInit: {
        uint32_t segment = TRY(m_reader.read_u32());
        if (!m_module.has_data_count)
            return m_reader.fail_at(m_instruction, Error::Malformed, "data count section required");
        TRY(read_memory_index());
        if (segment >= m_module.data_count)
            return invalid("unknown data segment");
        TRY(pop(ValType::I32));
        TRY(pop(ValType::I32));
        TRY(pop(ValType::I32));
        return {};
    }
    case op::fc::kDataDrop: {
        uint32_t segment = TRY(m_reader.read_u32());
        if (!m_module.has_data_count)
            return m_reader.fail_at(m_instruction, Error::Malformed, "data count section required");
        if (segment >= m_module.data_count)
            return invalid("unknown data segment");
        return {};
    }
    case op::fc::kMemoryCopy:
        TRY(read_memory_index());
        TRY(read_memory_index());
        break;
    case op::fc::kMemoryFill: TRY(read_memory_index()); break;
    case op::fc::kTableInit: {
        uint32_t segment = TRY(m_reader.read_u32());
        const TableType* table = TRY(read_table());
        if (segment >= m_module.elements.size())
            return invalid("unknown element segment");
        if (m_module.elements[segment].type != table->element)
            return invalid("type mismatch: element segment and table types differ");
        break;
    }
    case op::fc::kElemDrop: {
        uint32_t segment = TRY(m_reader.read_u32());
        if (segment >= m_module.elements.size())
            return invalid("unknown element segment");
        return {};
    }
    case op::fc::kTableCopy: {
        const TableType* destination = TRY(read_table());
        const TableType* source = TRY(read_table());
        if (destination->element != source->element)
            return invalid("type mismatch: tables of different element types");
        break;
    }
    case op::fc::kTableGrow: {
        const TableType* table = TRY(read_table());
        TRY(pop(ValType::I32));
        TRY(pop(table->element));
        return push(ValType::I32);
    }
    case op::fc::kTableSize: TRY(read_table()); return push(ValType::I32);
    case op::fc::kTableFill: {
        const TableType* table = TRY(read_table());
        TRY(pop(ValType::I32));
        TRY(pop(table->element));
        TRY(pop(ValType::I32));
        return {};
    }
    default:
        return m_reader.fail_at(m_instruction, Error::Malformed, "illegal opcode (0xfc prefix)");
    }
    // memory.copy, memory.fill, table.init, table.copy: three i32 operands (fill's middle one
    // is the byte value, also an i32).
    TRY(pop(ValType::I32));
    TRY(pop(ValType::I32));
    TRY(pop(ValType::I32));
    return {};
}

Result<void> FunctionValidator::validate_instruction(uint8_t opcode) {
    if (opcode >= op::kFirstNumeric && opcode <= op::kLastNumeric) {
        NumericSignature signature = numeric_signature(opcode);
        for (uint8_t i = 0; i < signature.arity; ++i)
            TRY(pop(signature.in));
        return push(signature.out);
    }
    if (opcode >= op::kFirstLoad && opcode <= op::kLastStore)
        return validate_memory_access(opcode);

    switch (opcode) {
    case op::kUnreachable: set_unreachable(); return {};
    case op::kNop: return {};
    case op::kBlock:
    case op::kLoop:
    case op::kIf: {
        Span<const ValType> params, results;
        TRY(read_block_type(params, results));
        if (opcode == op::kIf)
            TRY(pop(ValType::I32));
        TRY(pop(params));
        return push_control(opcode, params, results);
    }
    case op::kElse: {
        if (top().opcode != op::kIf)
            return invalid("else without a matching if");
        ControlFrame frame = TRY(pop_control());
        return push_control(op::kElse, frame.params, frame.results);
    }
    case op::kEnd: {
        ControlFrame frame = TRY(pop_control());
        // An if without else passes its parameters through as its results.
        if (frame.opcode == op::kIf && !same_types(frame.params, frame.results))
            return invalid("type mismatch: if without else must leave its parameters unchanged");
        return push(frame.results);
    }
    case op::kBr: {
        const ControlFrame* target = TRY(read_label());
        TRY(pop(label_types(*target)));
        set_unreachable();
        return {};
    }
    case op::kBrIf: {
        const ControlFrame* target = TRY(read_label());
        TRY(pop(ValType::I32));
        // Pop and push the label's types (the spec's rule): after unreachable code this turns
        // unknown operands into the label's types.
        Span<const ValType> types = label_types(*target);
        TRY(pop(types));
        return push(types);
    }
    case op::kBrTable: {
        uint32_t count = TRY(m_reader.read_count());
        // Check every target (the default last) against the operands in place.
        // WebAssembly 2.0 types br_table with one t* that every target's label types equal, so
        // targets must agree on the types, not just their number (even in unreachable code).
        Span<const ValType> first;
        TRY(pop(ValType::I32));
        for (uint64_t i = 0; i <= count; ++i) {
            const ControlFrame* target = TRY(read_label());
            Span<const ValType> types = label_types(*target);
            if (i == 0)
                first = types;
            else if (types.size() != first.size())
                return invalid("type mismatch: br_table targets of different arity");
            else if (!same_types(types, first))
                return invalid("type mismatch: br_table targets of different types");
            TRY(check_top(types));
        }
        set_unreachable();
        return {};
    }
    case op::kReturn:
        TRY(pop(m_type.results));
        set_unreachable();
        return {};
    case op::kCall: {
        uint32_t function = TRY(m_reader.read_u32());
        if (function >= m_module.function_types.size())
            return invalid("unknown function");
        const FuncType& type = m_module.function_type(function);
        TRY(pop(type.params));
        return push(type.results);
    }
    case op::kCallIndirect: {
        uint32_t type_index = TRY(m_reader.read_u32());
        const TableType* table = TRY(read_table());
        if (type_index >= m_module.types.size())
            return invalid("unknown type");
        if (table->element != ValType::FuncRef)
            return invalid("type mismatch: call_indirect needs a funcref table");
        const FuncType& type = m_module.types[type_index];
        TRY(pop(ValType::I32));
        TRY(pop(type.params));
        return push(type.results);
    }
    case op::kDrop: TRY(pop()); return {};
    case op::kSelect: {
        TRY(pop(ValType::I32));
        ValType first = TRY(pop());
        ValType second = TRY(pop());
        if (is_reference(first) || is_reference(second))
            return invalid("type mismatch: select without a type needs numeric operands");
        if (first != second && first != ValType::Unknown && second != ValType::Unknown)
            return invalid("type mismatch: select operands differ");
        return push(first == ValType::Unknown ? second : first);
    }
    case op::kSelectTyped: {
        uint32_t count = TRY(m_reader.read_u32());
        if (count != 1)
            return invalid("invalid result arity for select");
        size_t offset = m_reader.offset();
        ValType type = ValType(TRY(m_reader.read_u8()));
        if (single(type).is_empty())
            return m_reader.fail_at(offset, Error::Malformed, "malformed value type");
        TRY(pop(ValType::I32));
        TRY(pop(type));
        TRY(pop(type));
        return push(type);
    }
    case op::kLocalGet: return push(TRY(local_type(TRY(m_reader.read_u32()))));
    case op::kLocalSet: {
        ValType type = TRY(local_type(TRY(m_reader.read_u32())));
        TRY(pop(type));
        return {};
    }
    case op::kLocalTee: {
        ValType type = TRY(local_type(TRY(m_reader.read_u32())));
        TRY(pop(type));
        return push(type);
    }
    case op::kGlobalGet:
    case op::kGlobalSet: {
        uint32_t global = TRY(m_reader.read_u32());
        if (global >= m_module.global_types.size())
            return invalid("unknown global");
        const GlobalType& type = m_module.global_types[global];
        if (opcode == op::kGlobalGet)
            return push(type.type);
        if (!type.is_mutable)
            return invalid("global is immutable");
        TRY(pop(type.type));
        return {};
    }
    case op::kTableGet: {
        const TableType* table = TRY(read_table());
        TRY(pop(ValType::I32));
        return push(table->element);
    }
    case op::kTableSet: {
        const TableType* table = TRY(read_table());
        TRY(pop(table->element));
        TRY(pop(ValType::I32));
        return {};
    }
    case op::kMemorySize: TRY(read_memory_index()); return push(ValType::I32);
    case op::kMemoryGrow:
        TRY(read_memory_index());
        TRY(pop(ValType::I32));
        return push(ValType::I32);
    case op::kI32Const: TRY(m_reader.read_s32()); return push(ValType::I32);
    case op::kI64Const: TRY(m_reader.read_s64()); return push(ValType::I64);
    case op::kF32Const: TRY(m_reader.read_f32_bits()); return push(ValType::F32);
    case op::kF64Const: TRY(m_reader.read_f64_bits()); return push(ValType::F64);
    case op::kRefNull: {
        size_t offset = m_reader.offset();
        ValType type = ValType(TRY(m_reader.read_u8()));
        if (!is_reference(type))
            return m_reader.fail_at(offset, Error::Malformed, "malformed reference type");
        return push(type);
    }
    case op::kRefIsNull: {
        ValType type = TRY(pop());
        if (type != ValType::Unknown && !is_reference(type))
            return invalid("type mismatch: ref.is_null needs a reference");
        return push(ValType::I32);
    }
    case op::kRefFunc: {
        uint32_t function = TRY(m_reader.read_u32());
        if (function >= m_module.function_types.size())
            return invalid("unknown function");
        if (!m_parent.is_declared(function))
            return invalid("undeclared function reference");
        return push(ValType::FuncRef);
    }
    case op::kPrefixFC: return validate_prefixed();
    }
    return m_reader.fail_at(m_instruction, Error::Malformed, "illegal opcode");
}

Result<void> FunctionValidator::validate() {
    // The function's own frame: a block whose results are the function's.
    m_parent.m_controls[0] = ControlFrame{op::kBlock, {}, m_type.results, 0, false};
    m_control_count = 1;
    while (m_control_count > 0) {
        m_instruction = m_reader.offset();
        if (m_reader.at_end())
            return m_reader.fail(Error::Truncated, "unexpected end of function body (missing end)");
        uint8_t opcode = TRY(m_reader.read_u8());
        TRY(validate_instruction(opcode));
    }
    if (!m_reader.at_end())
        return m_reader.fail(Error::Malformed, "instructions after the function's final end");
    return {};
}

Result<ValType> ModuleValidator::const_expr_type(const ConstExpr& expr, uint32_t visible_globals) {
    switch (expr.kind) {
    case ConstExpr::Kind::I32: return ValType::I32;
    case ConstExpr::Kind::I64: return ValType::I64;
    case ConstExpr::Kind::F32: return ValType::F32;
    case ConstExpr::Kind::F64: return ValType::F64;
    case ConstExpr::Kind::RefNull: return expr.ref_type;
    case ConstExpr::Kind::RefFunc:
        if (expr.index >= m_module.function_types.size())
            return invalid_at(expr.offset, "unknown function");
        return ValType::FuncRef;
    case ConstExpr::Kind::GlobalGet:
        if (expr.index >= visible_globals)
            return invalid_at(expr.offset, "unknown global");
        if (m_module.global_types[expr.index].is_mutable)
            return invalid_at(expr.offset, "constant expression required (global is mutable)");
        return m_module.global_types[expr.index].type;
    }
    return invalid_at(expr.offset, "constant expression required");
}

Result<void> ModuleValidator::check_const_expr(const ConstExpr& expr, ValType expected,
                                               uint32_t visible_globals) {
    if (TRY(const_expr_type(expr, visible_globals)) != expected)
        return invalid_at(expr.offset, "type mismatch in constant expression");
    return {};
}

uint32_t hash_name(StringView name) {
    uint32_t hash = 2166136261u; // FNV-1a
    for (char c : name)
        hash = (hash ^ uint8_t(c)) * 16777619u;
    return hash;
}

Result<void> ModuleValidator::validate_exports() {
    const Module& m = m_module;
    // Duplicate names through an open-addressing table of export indices + 1 (0 = empty).
    size_t slots = 1;
    while (slots < 2 * m.exports.size())
        slots *= 2;
    auto table = m_scratch.allocate<uint32_t>(slots);
    if (table.is_error())
        return invalid_at(0, "validator scratch arena too small");
    for (uint32_t i = 0; i < m.exports.size(); ++i) {
        const Export& item = m.exports[i];
        uint32_t limit = 0;
        switch (item.kind) {
        case ExternKind::Function: limit = uint32_t(m.function_types.size()); break;
        case ExternKind::Table: limit = uint32_t(m.tables.size()); break;
        case ExternKind::Memory: limit = uint32_t(m.memories.size()); break;
        case ExternKind::Global: limit = uint32_t(m.global_types.size()); break;
        }
        if (item.index >= limit)
            return invalid_at(item.offset, "export of an unknown item");
        if (item.kind == ExternKind::Function)
            declare(item.index);
        for (size_t slot = hash_name(item.name) & (slots - 1);; slot = (slot + 1) & (slots - 1)) {
            uint32_t entry = table.value()[slot];
            if (entry == 0) {
                table.value()[slot] = i + 1;
                break;
            }
            if (m.exports[entry - 1].name == item.name)
                return invalid_at(item.offset, "duplicate export name");
        }
    }
    return {};
}

Result<void> ModuleValidator::validate() {
    const Module& m = m_module;
    set_section("module");
    auto refs = m_scratch.allocate<uint8_t>((m.function_types.size() + 7) / 8);
    auto operands = m_scratch.allocate<ValType>(m_limits.max_operand_depth);
    auto controls = m_scratch.allocate<ControlFrame>(
        m_limits.max_control_depth ? m_limits.max_control_depth : 1);
    if (refs.is_error() || operands.is_error() || controls.is_error()) {
        set_section("validator");
        invalid_at(0, "validator scratch arena too small");
        return Error::NoMemory;
    }
    m_refs = refs.value();
    m_operands = operands.value();
    m_controls = controls.value();

    set_section("memory section");
    if (m.memories.size() > 1)
        return invalid_at(0, "multiple memories");

    // Global initialisers see only imported globals; segment offsets see all (immutable) ones.
    set_section("global section");
    for (const Global& global : m.globals) {
        TRY(check_const_expr(global.init, global.type.type, m.imported_globals));
        if (global.init.kind == ConstExpr::Kind::RefFunc)
            declare(global.init.index);
    }
    uint32_t all_globals = uint32_t(m.global_types.size());

    set_section("export section");
    TRY(validate_exports());

    set_section("start section");
    if (m.has_start) {
        if (m.start >= m.function_types.size())
            return invalid_at(0, "unknown start function");
        const FuncType& type = m.function_type(m.start);
        if (!type.params.is_empty() || !type.results.is_empty())
            return invalid_at(0, "start function must have type [] -> []");
    }

    set_section("element section");
    for (const ElementSegment& segment : m.elements) {
        for (uint32_t function : segment.functions) {
            if (function == ElementSegment::kNullFunction)
                continue;
            if (function >= m.function_types.size())
                return invalid_at(segment.offset, "unknown function in element segment");
            declare(function);
        }
        if (segment.mode != SegmentMode::Active)
            continue;
        if (segment.table >= m.tables.size())
            return invalid_at(segment.offset, "unknown table");
        if (m.tables[segment.table].element != segment.type)
            return invalid_at(segment.offset, "type mismatch: element segment and table differ");
        TRY(check_const_expr(segment.offset_expr, ValType::I32, all_globals));
    }

    set_section("data section");
    for (const DataSegment& segment : m.data) {
        if (segment.mode != SegmentMode::Active)
            continue;
        if (segment.memory >= m.memories.size())
            return invalid_at(segment.offset, "unknown memory");
        TRY(check_const_expr(segment.offset_expr, ValType::I32, all_globals));
    }

    set_section("code section");
    for (uint32_t i = 0; i < m.bodies.size(); ++i)
        TRY(validate_function(m.imported_functions + i));
    return {};
}

Result<void> ModuleValidator::validate_function(uint32_t index) {
    if (m_diagnostic)
        m_diagnostic->function = index;
    FunctionValidator function(*this, index, m_module.bodies[index - m_module.imported_functions]);
    TRY(function.validate());
    if (m_diagnostic)
        m_diagnostic->function = Diagnostic::kNoFunction;
    return {};
}

} // namespace

size_t validator_arena_size(const Module& module, const ValidatorLimits& limits) {
    size_t slots = 1;
    while (slots < 2 * module.exports.size())
        slots *= 2;
    return 64 + (module.function_types.size() + 7) / 8 + limits.max_operand_depth +
           (limits.max_control_depth + 1) * sizeof(ControlFrame) + slots * sizeof(uint32_t);
}

Result<void> validate_module(const Module& module, Arena& scratch, Diagnostic* diagnostic,
                             const ValidatorLimits& limits) {
    if (diagnostic)
        *diagnostic = Diagnostic{};
    ModuleValidator validator(module, scratch, diagnostic, limits);
    return validator.validate();
}

} // namespace mica::wasm
