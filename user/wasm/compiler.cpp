#include <wasm/compiler.h>
#include <wasm/opcodes.h>
#include <wasm/reader.h>

#include <new>

namespace mica::wasm {

namespace {

using ir::CodeWord;
using ir::Op;

constexpr uint64_t kNone = ~uint64_t{0};

// How the translation handles each plain (and 0xfc-prefixed numeric) opcode.
enum class Shape : uint8_t { Other, Unary, Trunc, Binary, Divide, Load, Store, Nothing };

struct OpcodeEntry {
    Shape shape = Shape::Other;
    Op op = Op::Unreachable;
};

struct OpcodeTable {
    OpcodeEntry plain[256];
    OpcodeEntry saturating[8]; // 0xfc 0..7
};

constexpr OpcodeTable make_opcode_table() {
    OpcodeTable table{};
    auto set = [&](uint32_t opcode, Shape shape, Op op) {
        if (opcode >= 0xfc00)
            table.saturating[opcode - 0xfc00] = {shape, op};
        else
            table.plain[opcode] = {shape, op};
    };
#define MICA_UNARY(Name, opcode, ...) set(opcode, Shape::Unary, Op::Name);
#define MICA_TRUNC(Name, opcode, ...) set(opcode, Shape::Trunc, Op::Name);
#define MICA_BINARY(Name, opcode, ...) set(opcode, Shape::Binary, Op::Name);
#define MICA_DIVIDE(Name, opcode, ...) set(opcode, Shape::Divide, Op::Name);
#define MICA_LOAD(Name, opcode, ...) set(opcode, Shape::Load, Op::Name);
#define MICA_STORE(Name, opcode, ...) set(opcode, Shape::Store, Op::Name);
    MICA_WASM_UNARY_OPS(MICA_UNARY)
    MICA_WASM_TRUNC_OPS(MICA_TRUNC)
    MICA_WASM_BINARY_OPS(MICA_BINARY)
    MICA_WASM_DIVIDE_OPS(MICA_DIVIDE)
    MICA_WASM_LOAD_OPS(MICA_LOAD)
    MICA_WASM_STORE_OPS(MICA_STORE)
#undef MICA_UNARY
#undef MICA_TRUNC
#undef MICA_BINARY
#undef MICA_DIVIDE
#undef MICA_LOAD
#undef MICA_STORE
    // i32.wrap_i64 and the reinterpretations leave the slot's bits as they are.
    const uint8_t kNoOps[] = {0xa7, 0xbc, 0xbd, 0xbe, 0xbf};
    for (uint8_t opcode : kNoOps)
        table.plain[opcode] = {Shape::Nothing, Op::Unreachable};
    return table;
}

constexpr OpcodeTable kOpcodes = make_opcode_table();

Op with_immediate(Op op) { return Op(uint16_t(op) + 1); }

bool is_i32_compare(Op op) {
    switch (op) {
#define MICA_CASE(Name, ...)                                                                       \
    case Op::Name:                                                                                 \
    case Op::Name##Imm:
        MICA_WASM_I32_COMPARE_OPS(MICA_CASE)
#undef MICA_CASE
        return true;
    default: return false;
    }
}

Op inverse_compare(Op op) {
    switch (op) {
#define MICA_CASE(Name, Inverse)                                                                   \
    case Op::Name: return Op::Inverse;                                                             \
    case Op::Name##Imm: return Op::Inverse##Imm;
        MICA_WASM_I32_COMPARE_INVERSES(MICA_CASE)
#undef MICA_CASE
    default: return op;
    }
}

Op branch_on_compare(Op op) {
    switch (op) {
#define MICA_CASE(Name, ...)                                                                       \
    case Op::Name: return Op::BrIf##Name;                                                          \
    case Op::Name##Imm: return Op::BrIf##Name##Imm;
        MICA_WASM_I32_COMPARE_OPS(MICA_CASE)
#undef MICA_CASE
    default: return op;
    }
}

// An operand-stack entry while translating. A Temp lives in its own slot (locals + position);
// a Local or Const has not been written anywhere yet and is read straight from the local or
// written where it is needed.
struct Operand {
    enum Kind : uint8_t { Temp, Local, Const };
    Kind kind = Temp;
    bool wide = false; // Const: needs 64 bits
    uint32_t local = 0;
    Value value{};
};

struct Block {
    enum Kind : uint8_t { Function, Plain, Loop, If, Else };
    Kind kind = Plain;
    bool unreachable = false;
    uint32_t height = 0; // operand stack height below the block's parameters
    uint32_t params = 0;
    uint32_t results = 0;
    uint64_t loop_start = 0;      // Loop: the word index branches go to
    uint64_t pending = kNone;     // chain of target words to patch with the end label
    uint64_t else_target = kNone; // If: the target word of the branch to the else arm
};

// The condition of br_if / if: a slot, or an i32 comparison (or eqz) folded into the branch.
struct Condition {
    enum Kind : uint8_t { Slot, Compare, Eqz };
    Kind kind = Slot;
    Op compare = Op::Unreachable;
    uint32_t a = 0;
    uint32_t b = 0; // slot, or the immediate of a compare with a constant
};

class FunctionCompiler {
public:
    FunctionCompiler(const Module& module, Allocator& allocator, const CompileOptions& options)
        : m_module(module), m_allocator(allocator), m_options(options),
          m_handlers(ir::handler_table()), m_code(allocator), m_stack(allocator),
          m_blocks(allocator), m_targets(allocator), m_offsets(allocator), m_depths(allocator) {}

    Result<void> compile(uint32_t function_index, ir::CompiledFunction& out);

private:
    // Emission. Failures to grow a buffer are sticky and reported once at the end.
    uint64_t emit(Op op) {
        m_last_dst = kNone;
        m_last_compare = kNone;
        m_last_eqz = kNone;
        uint64_t index = m_code.size();
        CodeWord word;
        word.handler = m_handlers[uint16_t(op)];
        append(word);
        return index;
    }
    void append(CodeWord word) {
        if (m_code.append(word).is_error())
            m_failed = true;
    }
    void pair(uint32_t a, uint32_t b) {
        CodeWord word;
        word.pair = {a, b};
        append(word);
    }
    void value_word(Value value) {
        CodeWord word;
        word.value = value;
        append(word);
    }
    uint64_t placeholder() {
        CodeWord word;
        word.index = kNone;
        append(word);
        return m_code.size() - 1;
    }
    void note_target(uint64_t word) {
        if (m_targets.append(uint32_t(word)).is_error())
            m_failed = true;
    }
    uint64_t here() {
        // A label: nothing emitted before it may be folded into what comes after.
        m_last_dst = m_last_compare = m_last_eqz = kNone;
        return m_code.size();
    }
    void bind(uint64_t chain, uint64_t label) {
        while (chain != kNone && !m_failed) {
            uint64_t next = m_code[chain].index;
            m_code[chain].index = label;
            note_target(chain);
            chain = next;
        }
    }
    // Points target word `word` at `block`'s label (now for a loop, at its end otherwise).
    void link(uint64_t word, Block& block) {
        if (m_failed)
            return;
        if (block.kind == Block::Loop) {
            m_code[word].index = block.loop_start;
            note_target(word);
        } else {
            m_code[word].index = block.pending;
            block.pending = word;
        }
    }
    void unemit(uint64_t index) {
        m_code.shrink(index);
        while (!m_offsets.is_empty() && m_offsets.last().code_index > index)
            m_offsets.shrink(m_offsets.size() - 1);
        m_last_dst = m_last_compare = m_last_eqz = kNone;
    }

    // The operand stack model.
    uint32_t height() const { return uint32_t(m_stack.size()); }
    uint32_t slot(uint32_t position) const { return m_locals + position; }
    void push(const Operand& operand) {
        if (m_stack.append(operand).is_error())
            m_failed = true;
        if (height() > m_max_height)
            m_max_height = height();
    }
    uint32_t push_temp() {
        push(Operand{});
        return slot(height() - 1);
    }
    void push_local(uint32_t local) {
        Operand operand;
        operand.kind = Operand::Local;
        operand.local = local;
        push(operand);
        m_last_dst = m_last_compare = m_last_eqz = kNone;
    }
    void push_const(uint64_t bits, bool wide) {
        Operand operand;
        operand.kind = Operand::Const;
        operand.wide = wide;
        operand.value = Value::from_i64(bits);
        push(operand);
        m_last_dst = m_last_compare = m_last_eqz = kNone;
    }
    void pop(uint32_t count) { m_stack.shrink(m_stack.size() - count); }
    void emit_const(uint32_t destination, const Operand& operand) {
        if (operand.wide && operand.value.u64 > 0xffffffffu) {
            emit(Op::Const64);
            pair(destination, 0);
            value_word(operand.value);
        } else {
            emit(Op::Const32);
            pair(destination, operand.value.u32);
        }
    }
    // The slot holding the entry at `position`, writing a constant there first if need be.
    uint32_t source(uint32_t position) {
        Operand& operand = m_stack[position];
        if (operand.kind == Operand::Local)
            return operand.local;
        if (operand.kind == Operand::Const) {
            emit_const(slot(position), operand);
            m_stack[position].kind = Operand::Temp;
        }
        return slot(position);
    }
    // Puts the entry at `position` into its own slot.
    void materialize(uint32_t position) {
        Operand& operand = m_stack[position];
        if (operand.kind == Operand::Local) {
            uint32_t local = operand.local;
            operand.kind = Operand::Temp;
            emit(Op::Copy);
            pair(slot(position), local);
        } else if (operand.kind == Operand::Const) {
            source(position);
        }
    }
    void materialize_range(uint32_t first, uint32_t end) {
        for (uint32_t position = first; position < end && !m_failed; ++position)
            materialize(position);
    }
    // Writes the entry at `position` into `destination`.
    void move_to(uint32_t destination, uint32_t position) {
        const Operand& operand = m_stack[position];
        if (operand.kind == Operand::Const) {
            emit_const(destination, operand);
            return;
        }
        uint32_t from = operand.kind == Operand::Local ? operand.local : slot(position);
        if (from != destination) {
            emit(Op::Copy);
            pair(destination, from);
        }
    }

    // Control.
    Block& top() { return m_blocks.last(); }
    Block& label(uint32_t depth) { return m_blocks[m_blocks.size() - 1 - depth]; }
    uint32_t arity(const Block& block) const {
        return block.kind == Block::Loop ? block.params : block.results;
    }
    bool needs_copies(const Block& target) {
        uint32_t count = arity(target);
        uint32_t base = height() - count;
        if (count == 0)
            return false;
        if (base != target.height)
            return true;
        for (uint32_t position = base; position < height(); ++position) {
            if (m_stack[position].kind != Operand::Temp)
                return true;
        }
        return false;
    }
    // Moves the branch's values into the target's slots and jumps (or returns).
    void branch_to(Block& target) {
        if (target.kind == Block::Function) {
            emit_return();
            return;
        }
        uint32_t count = arity(target);
        uint32_t base = height() - count;
        for (uint32_t i = 0; i < count; ++i)
            move_to(slot(target.height + i), base + i);
        emit(Op::Br);
        link(placeholder(), target);
    }
    void emit_return();
    void set_unreachable() {
        m_stack.shrink(top().height);
        top().unreachable = true;
    }
    Condition take_condition();
    uint64_t branch_on(const Condition& condition, bool when_true);

    Result<void> read_block_type(Reader& reader, uint32_t& params, uint32_t& results);
    Result<void> skip_immediates(Reader& reader, uint8_t opcode);
    Result<void> compile_instruction(Reader& reader, uint8_t opcode);
    Result<void> compile_prefixed(Reader& reader);
    Result<void> compile_numeric(const OpcodeEntry& entry);
    Result<void> compile_br_table(Reader& reader);
    void compile_local_set(uint32_t local, bool tee);
    void compile_end();
    void note_offset(size_t module_offset);
    Result<void> finish(uint32_t function_index, ir::CompiledFunction& out);

    const Module& m_module;
    Allocator& m_allocator;
    CompileOptions m_options;
    const void* const* m_handlers;
    GrowableArray<CodeWord> m_code;
    GrowableArray<Operand> m_stack;
    GrowableArray<Block> m_blocks;
    GrowableArray<uint32_t> m_targets; // words holding a branch target index
    GrowableArray<ir::OffsetMapping> m_offsets;
    GrowableArray<uint32_t> m_depths;
    const FuncType* m_type = nullptr;
    uint32_t m_locals = 0;
    uint32_t m_max_height = 0;
    uint32_t m_dead_depth = 0; // blocks opened inside unreachable code
    bool m_failed = false;
    // The last instruction emitted, when it may be folded into the next one: the word holding
    // its destination slot (for local.set), or where an i32 comparison / eqz starts (for br_if).
    uint64_t m_last_dst = kNone;
    uint64_t m_last_compare = kNone;
    uint64_t m_last_eqz = kNone;
    Op m_last_compare_op = Op::Unreachable;
};

void FunctionCompiler::emit_return() {
    uint32_t count = uint32_t(m_type->results.size());
    uint32_t base = height() - count;
    // Results go to slots 0..count-1, in order. A local among those slots may be overwritten
    // before it is read, so then locals are copied out first. Temps and constants are safe.
    bool clash = false;
    for (uint32_t i = 0; i < count; ++i) {
        const Operand& operand = m_stack[base + i];
        if (operand.kind == Operand::Local && operand.local < count && operand.local != i)
            clash = true;
    }
    if (clash) {
        for (uint32_t i = 0; i < count; ++i) {
            if (m_stack[base + i].kind == Operand::Local)
                materialize(base + i);
        }
    }
    for (uint32_t i = 0; i < count; ++i)
        move_to(i, base + i);
    emit(Op::Return);
}

Condition FunctionCompiler::take_condition() {
    Condition condition;
    uint32_t position = height() - 1;
    const Operand& operand = m_stack[position];
    if (operand.kind == Operand::Temp && m_last_compare != kNone &&
        m_code[m_last_compare + 1].pair.a == slot(position)) {
        uint64_t at = m_last_compare;
        condition.kind = Condition::Compare;
        condition.compare = m_last_compare_op;
        condition.a = m_code[at + 1].pair.b;
        condition.b = m_code[at + 2].pair.a; // the slot, or the low half of the immediate
        unemit(at);
    } else if (operand.kind == Operand::Temp && m_last_eqz != kNone &&
               m_code[m_last_eqz + 1].pair.a == slot(position)) {
        uint64_t at = m_last_eqz;
        condition.kind = Condition::Eqz;
        condition.a = m_code[at + 1].pair.b;
        unemit(at);
    } else {
        condition.a = source(position);
    }
    pop(1);
    return condition;
}

// Emits a branch taken when the condition is `when_true`; returns its target word.
uint64_t FunctionCompiler::branch_on(const Condition& condition, bool when_true) {
    switch (condition.kind) {
    case Condition::Slot:
        emit(when_true ? Op::BrIf : Op::BrUnless);
        pair(condition.a, 0);
        break;
    case Condition::Eqz:
        emit(when_true ? Op::BrUnless : Op::BrIf);
        pair(condition.a, 0);
        break;
    case Condition::Compare:
        emit(branch_on_compare(when_true ? condition.compare : inverse_compare(condition.compare)));
        pair(condition.a, condition.b);
        break;
    }
    return placeholder();
}

Result<void> FunctionCompiler::read_block_type(Reader& reader, uint32_t& params,
                                               uint32_t& results) {
    int64_t code = TRY(reader.read_s33());
    params = results = 0;
    if (code >= 0) {
        if (uint64_t(code) >= m_module.types.size())
            return Error::Malformed;
        params = uint32_t(m_module.types[size_t(code)].params.size());
        results = uint32_t(m_module.types[size_t(code)].results.size());
    } else if (code != -0x40) {
        results = 1;
    }
    return {};
}

Result<void> FunctionCompiler::skip_immediates(Reader& reader, uint8_t opcode) {
    if (opcode >= op::kFirstLoad && opcode <= op::kLastStore) {
        TRY(reader.read_u32());
        TRY(reader.read_u32());
        return {};
    }
    switch (opcode) {
    case op::kBr:
    case op::kBrIf:
    case op::kCall:
    case op::kLocalGet:
    case op::kLocalSet:
    case op::kLocalTee:
    case op::kGlobalGet:
    case op::kGlobalSet:
    case op::kTableGet:
    case op::kTableSet:
    case op::kRefFunc: TRY(reader.read_u32()); return {};
    case op::kBrTable: {
        uint32_t count = TRY(reader.read_count());
        for (uint64_t i = 0; i <= count; ++i)
            TRY(reader.read_u32());
        return {};
    }
    case op::kCallIndirect:
        TRY(reader.read_u32());
        TRY(reader.read_u32());
        return {};
    case op::kSelectTyped: {
        uint32_t count = TRY(reader.read_count());
        TRY(reader.read_bytes(count));
        return {};
    }
    case op::kMemorySize:
    case op::kMemoryGrow:
    case op::kRefNull: TRY(reader.read_u8()); return {};
    case op::kI32Const: TRY(reader.read_s32()); return {};
    case op::kI64Const: TRY(reader.read_s64()); return {};
    case op::kF32Const: TRY(reader.read_bytes(4)); return {};
    case op::kF64Const: TRY(reader.read_bytes(8)); return {};
    case op::kPrefixFC: {
        uint32_t sub = TRY(reader.read_u32());
        switch (sub) {
        case op::fc::kMemoryInit:
            TRY(reader.read_u32());
            TRY(reader.read_u8());
            break;
        case op::fc::kMemoryCopy:
            TRY(reader.read_u8());
            TRY(reader.read_u8());
            break;
        case op::fc::kMemoryFill: TRY(reader.read_u8()); break;
        case op::fc::kTableInit:
        case op::fc::kTableCopy:
            TRY(reader.read_u32());
            TRY(reader.read_u32());
            break;
        case op::fc::kDataDrop:
        case op::fc::kElemDrop:
        case op::fc::kTableGrow:
        case op::fc::kTableSize:
        case op::fc::kTableFill: TRY(reader.read_u32()); break;
        default: break;
        }
        return {};
    }
    default: return {};
    }
}

void FunctionCompiler::compile_local_set(uint32_t local, bool tee) {
    uint32_t position = height() - 1;
    const Operand operand = m_stack[position];
    // Entries below that still read `local` lazily must get its old value first.
    bool shadowed = false;
    for (uint32_t i = 0; i < position; ++i) {
        if (m_stack[i].kind == Operand::Local && m_stack[i].local == local)
            shadowed = true;
    }
    if (shadowed) {
        for (uint32_t i = 0; i < position; ++i) {
            if (m_stack[i].kind == Operand::Local && m_stack[i].local == local)
                materialize(i);
        }
    }
    if (operand.kind == Operand::Temp && m_last_dst != kNone &&
        m_code[m_last_dst].pair.a == slot(position)) {
        // The instruction that computed the value writes the local directly.
        m_code[m_last_dst].pair.a = local;
    } else {
        move_to(local, position);
    }
    pop(1);
    m_last_dst = m_last_compare = m_last_eqz = kNone;
    if (tee)
        push_local(local);
}

void FunctionCompiler::compile_end() {
    Block& block = top();
    if (block.kind == Block::Function) {
        if (!block.unreachable)
            emit_return();
        m_blocks.shrink(m_blocks.size() - 1);
        return;
    }
    if (!block.unreachable)
        materialize_range(block.height, height());
    uint64_t label = here();
    bind(block.pending, label);
    bind(block.else_target, label);
    uint32_t base = block.height;
    uint32_t results = block.results;
    m_blocks.shrink(m_blocks.size() - 1);
    m_stack.shrink(base);
    for (uint32_t i = 0; i < results; ++i)
        push_temp();
}

Result<void> FunctionCompiler::compile_br_table(Reader& reader) {
    uint32_t count = TRY(reader.read_count());
    m_depths.clear();
    for (uint64_t i = 0; i <= count; ++i) {
        uint32_t depth = TRY(reader.read_u32());
        if (depth >= m_blocks.size())
            return Error::Malformed;
        if (m_depths.append(depth).is_error())
            return Error::NoMemory;
    }
    uint32_t index = source(height() - 1);
    pop(1);
    emit(Op::BrTable);
    pair(index, count);
    uint64_t first = m_code.size();
    for (uint64_t i = 0; i <= count; ++i)
        placeholder();
    if (m_failed)
        return Error::NoMemory;
    // Targets that take their values where they already are go straight to the label; the
    // others through a stub that moves the values first.
    for (uint64_t i = 0; i <= count; ++i) {
        Block& target = label(m_depths[i]);
        if (target.kind != Block::Function && !needs_copies(target))
            link(first + i, target);
    }
    for (uint64_t i = 0; i <= count && !m_failed; ++i) {
        Block& target = label(m_depths[i]);
        if (target.kind != Block::Function && !needs_copies(target))
            continue;
        m_code[first + i].index = here();
        note_target(first + i);
        branch_to(target);
    }
    set_unreachable();
    return {};
}

Result<void> FunctionCompiler::compile_numeric(const OpcodeEntry& entry) {
    uint32_t top_position = height() - 1;
    switch (entry.shape) {
    case Shape::Unary:
    case Shape::Trunc: {
        uint32_t a = source(top_position);
        pop(1);
        uint32_t destination = push_temp();
        uint64_t at = emit(entry.op);
        pair(destination, a);
        m_last_dst = at + 1;
        if (entry.op == Op::I32Eqz)
            m_last_eqz = at;
        return {};
    }
    case Shape::Binary:
    case Shape::Divide: {
        const Operand right = m_stack[top_position];
        uint32_t a = source(top_position - 1);
        uint64_t at;
        Op op = entry.op;
        if (right.kind == Operand::Const) {
            pop(2);
            uint32_t destination = push_temp();
            op = with_immediate(op);
            at = emit(op);
            pair(destination, a);
            value_word(right.value);
        } else {
            uint32_t b = source(top_position);
            pop(2);
            uint32_t destination = push_temp();
            at = emit(op);
            pair(destination, a);
            pair(b, 0);
        }
        m_last_dst = at + 1;
        if (is_i32_compare(op)) {
            m_last_compare = at;
            m_last_compare_op = op;
        }
        return {};
    }
    case Shape::Nothing: return {};
    default: return Error::Malformed;
    }
}

Result<void> FunctionCompiler::compile_prefixed(Reader& reader) {
    uint32_t sub = TRY(reader.read_u32());
    if (sub <= op::fc::kLastTruncSat)
        return compile_numeric(kOpcodes.saturating[sub]);
    uint32_t n = height();
    switch (sub) {
    case op::fc::kMemoryInit: {
        uint32_t segment = TRY(reader.read_u32());
        TRY(reader.read_u8());
        uint32_t count = source(n - 1), from = source(n - 2), to = source(n - 3);
        pop(3);
        emit(Op::MemoryInit);
        pair(to, from);
        pair(count, segment);
        return {};
    }
    case op::fc::kDataDrop:
        emit(Op::DataDrop);
        pair(TRY(reader.read_u32()), 0);
        return {};
    case op::fc::kMemoryCopy: {
        TRY(reader.read_u8());
        TRY(reader.read_u8());
        uint32_t count = source(n - 1), from = source(n - 2), to = source(n - 3);
        pop(3);
        emit(Op::MemoryCopy);
        pair(to, from);
        pair(count, 0);
        return {};
    }
    case op::fc::kMemoryFill: {
        TRY(reader.read_u8());
        uint32_t count = source(n - 1), value = source(n - 2), to = source(n - 3);
        pop(3);
        emit(Op::MemoryFill);
        pair(to, value);
        pair(count, 0);
        return {};
    }
    case op::fc::kTableInit: {
        uint32_t segment = TRY(reader.read_u32());
        uint32_t table = TRY(reader.read_u32());
        uint32_t count = source(n - 1), from = source(n - 2), to = source(n - 3);
        pop(3);
        emit(Op::TableInit);
        pair(to, from);
        pair(count, 0);
        pair(table, segment);
        return {};
    }
    case op::fc::kElemDrop:
        emit(Op::ElemDrop);
        pair(TRY(reader.read_u32()), 0);
        return {};
    case op::fc::kTableCopy: {
        uint32_t destination_table = TRY(reader.read_u32());
        uint32_t source_table = TRY(reader.read_u32());
        uint32_t count = source(n - 1), from = source(n - 2), to = source(n - 3);
        pop(3);
        emit(Op::TableCopy);
        pair(to, from);
        pair(count, 0);
        pair(destination_table, source_table);
        return {};
    }
    case op::fc::kTableGrow: {
        uint32_t table = TRY(reader.read_u32());
        uint32_t delta = source(n - 1), initial = source(n - 2);
        pop(2);
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::TableGrow);
        pair(destination, initial);
        pair(delta, table);
        m_last_dst = at + 1;
        return {};
    }
    case op::fc::kTableSize: {
        uint32_t table = TRY(reader.read_u32());
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::TableSize);
        pair(destination, table);
        m_last_dst = at + 1;
        return {};
    }
    case op::fc::kTableFill: {
        uint32_t table = TRY(reader.read_u32());
        uint32_t count = source(n - 1), value = source(n - 2), to = source(n - 3);
        pop(3);
        emit(Op::TableFill);
        pair(to, value);
        pair(count, table);
        return {};
    }
    }
    return Error::Malformed;
}

Result<void> FunctionCompiler::compile_instruction(Reader& reader, uint8_t opcode) {
    const OpcodeEntry& entry = kOpcodes.plain[opcode];
    if (entry.shape == Shape::Load) {
        TRY(reader.read_u32()); // alignment: a hint only
        uint32_t offset = TRY(reader.read_u32());
        uint32_t address = source(height() - 1);
        pop(1);
        uint32_t destination = push_temp();
        uint64_t at = emit(entry.op);
        pair(destination, address);
        pair(offset, 0);
        m_last_dst = at + 1;
        return {};
    }
    if (entry.shape == Shape::Store) {
        TRY(reader.read_u32());
        uint32_t offset = TRY(reader.read_u32());
        uint32_t value = source(height() - 1);
        uint32_t address = source(height() - 2);
        pop(2);
        emit(entry.op);
        pair(value, address);
        pair(offset, 0);
        return {};
    }
    if (entry.shape != Shape::Other)
        return compile_numeric(entry);

    switch (opcode) {
    case op::kUnreachable:
        emit(Op::Unreachable);
        set_unreachable();
        return {};
    case op::kNop: return {};
    case op::kBlock:
    case op::kLoop:
    case op::kIf: {
        Block block;
        TRY(read_block_type(reader, block.params, block.results));
        Condition condition;
        if (opcode == op::kIf)
            condition = take_condition();
        // Values below a block live in their own slots: the block's branches and local.sets
        // must not change what they read.
        materialize_range(0, height());
        block.height = height() - block.params;
        if (opcode == op::kBlock) {
            block.kind = Block::Plain;
        } else if (opcode == op::kLoop) {
            block.kind = Block::Loop;
            block.loop_start = here();
            if (m_options.metering)
                emit(Op::Fuel);
        } else {
            block.kind = Block::If;
            block.else_target = branch_on(condition, false);
        }
        if (m_blocks.append(block).is_error())
            return Error::NoMemory;
        m_last_dst = m_last_compare = m_last_eqz = kNone;
        return {};
    }
    case op::kElse: {
        Block& block = top();
        if (!block.unreachable) {
            materialize_range(block.height, height());
            emit(Op::Br);
            link(placeholder(), block);
        }
        bind(block.else_target, here());
        block.else_target = kNone;
        block.kind = Block::Else;
        block.unreachable = false;
        m_stack.shrink(block.height);
        for (uint32_t i = 0; i < block.params; ++i)
            push_temp();
        return {};
    }
    case op::kEnd: compile_end(); return {};
    case op::kBr: {
        uint32_t depth = TRY(reader.read_u32());
        branch_to(label(depth));
        set_unreachable();
        return {};
    }
    case op::kBrIf: {
        uint32_t depth = TRY(reader.read_u32());
        Condition condition = take_condition();
        Block& target = label(depth);
        if (target.kind != Block::Function && !needs_copies(target)) {
            link(branch_on(condition, true), target);
            return {};
        }
        uint64_t skip = branch_on(condition, false);
        branch_to(target);
        bind(skip, here());
        return {};
    }
    case op::kBrTable: return compile_br_table(reader);
    case op::kReturn:
        emit_return();
        set_unreachable();
        return {};
    case op::kCall:
    case op::kCallIndirect: {
        uint32_t index = TRY(reader.read_u32());
        uint32_t table = 0, callee_slot = 0;
        const FuncType* type;
        if (opcode == op::kCall) {
            type = &m_module.function_type(index);
        } else {
            table = TRY(reader.read_u32());
            type = &m_module.types[index];
            callee_slot = source(height() - 1);
            pop(1);
        }
        uint32_t base = height() - uint32_t(type->params.size());
        materialize_range(base, height());
        m_stack.shrink(base);
        for (size_t i = 0; i < type->results.size(); ++i)
            push_temp();
        if (opcode == op::kCall) {
            emit(Op::Call);
            pair(index, slot(base));
        } else {
            emit(Op::CallIndirect);
            pair(index, table);
            pair(callee_slot, slot(base));
        }
        return {};
    }
    case op::kDrop:
        pop(1);
        m_last_dst = m_last_compare = m_last_eqz = kNone;
        return {};
    case op::kSelect:
    case op::kSelectTyped: {
        if (opcode == op::kSelectTyped)
            TRY(skip_immediates(reader, opcode));
        uint32_t n = height();
        uint32_t condition = source(n - 1), b = source(n - 2), a = source(n - 3);
        pop(3);
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::Select);
        pair(destination, a);
        pair(b, condition);
        m_last_dst = at + 1;
        return {};
    }
    case op::kLocalGet: push_local(TRY(reader.read_u32())); return {};
    case op::kLocalSet: compile_local_set(TRY(reader.read_u32()), false); return {};
    case op::kLocalTee: compile_local_set(TRY(reader.read_u32()), true); return {};
    case op::kGlobalGet: {
        uint32_t global = TRY(reader.read_u32());
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::GlobalGet);
        pair(destination, global);
        m_last_dst = at + 1;
        return {};
    }
    case op::kGlobalSet: {
        uint32_t global = TRY(reader.read_u32());
        uint32_t value = source(height() - 1);
        pop(1);
        emit(Op::GlobalSet);
        pair(value, global);
        return {};
    }
    case op::kTableGet: {
        uint32_t table = TRY(reader.read_u32());
        uint32_t index = source(height() - 1);
        pop(1);
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::TableGet);
        pair(destination, index);
        pair(table, 0);
        m_last_dst = at + 1;
        return {};
    }
    case op::kTableSet: {
        uint32_t table = TRY(reader.read_u32());
        uint32_t value = source(height() - 1), index = source(height() - 2);
        pop(2);
        emit(Op::TableSet);
        pair(index, value);
        pair(table, 0);
        return {};
    }
    case op::kMemorySize: {
        TRY(reader.read_u8());
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::MemorySize);
        pair(destination, 0);
        m_last_dst = at + 1;
        return {};
    }
    case op::kMemoryGrow: {
        TRY(reader.read_u8());
        uint32_t delta = source(height() - 1);
        pop(1);
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::MemoryGrow);
        pair(destination, delta);
        m_last_dst = at + 1;
        return {};
    }
    case op::kI32Const: push_const(uint32_t(TRY(reader.read_s32())), false); return {};
    case op::kI64Const: push_const(uint64_t(TRY(reader.read_s64())), true); return {};
    case op::kF32Const: push_const(TRY(reader.read_f32_bits()), false); return {};
    case op::kF64Const: push_const(TRY(reader.read_f64_bits()), true); return {};
    case op::kRefNull:
        TRY(reader.read_u8());
        push_const(kNullRef, true);
        return {};
    case op::kRefIsNull: {
        OpcodeEntry is_null{Shape::Unary, Op::I64Eqz};
        return compile_numeric(is_null);
    }
    case op::kRefFunc: {
        uint32_t function = TRY(reader.read_u32());
        uint32_t destination = push_temp();
        uint64_t at = emit(Op::RefFunc);
        pair(destination, function);
        m_last_dst = at + 1;
        return {};
    }
    case op::kPrefixFC: return compile_prefixed(reader);
    }
    return Error::Malformed;
}

void FunctionCompiler::note_offset(size_t module_offset) {
    uint32_t index = uint32_t(m_code.size());
    if (!m_offsets.is_empty() && m_offsets.last().code_index == index) {
        m_offsets.last().module_offset = uint32_t(module_offset);
        return;
    }
    if (m_offsets.append({index, uint32_t(module_offset)}).is_error())
        m_failed = true;
}

Result<void> FunctionCompiler::compile(uint32_t function_index, ir::CompiledFunction& out) {
    const FunctionBody& body = m_module.bodies[function_index - m_module.imported_functions];
    m_type = &m_module.function_type(function_index);
    m_code.clear();
    m_stack.clear();
    m_blocks.clear();
    m_targets.clear();
    m_offsets.clear();
    m_locals = uint32_t(m_type->params.size()) + body.local_count;
    m_max_height = 0;
    m_dead_depth = 0;
    m_failed = false;
    m_last_dst = m_last_compare = m_last_eqz = kNone;

    Block function;
    function.kind = Block::Function;
    function.results = uint32_t(m_type->results.size());
    if (m_blocks.append(function).is_error())
        return Error::NoMemory;
    note_offset(body.code_offset);
    if (m_options.metering)
        emit(Op::Fuel);

    Reader reader(body.code, body.code_offset, nullptr);
    while (!m_blocks.is_empty()) {
        if (m_failed)
            return Error::NoMemory;
        size_t offset = reader.offset();
        uint8_t opcode = TRY(reader.read_u8());
        if (top().unreachable) {
            // Dead code: skip it, but follow the nesting to find this block's else or end.
            if (opcode == op::kBlock || opcode == op::kLoop || opcode == op::kIf) {
                uint32_t params, results;
                TRY(read_block_type(reader, params, results));
                ++m_dead_depth;
                continue;
            }
            if ((opcode == op::kEnd || opcode == op::kElse) && m_dead_depth > 0) {
                if (opcode == op::kEnd)
                    --m_dead_depth;
                continue;
            }
            if (opcode != op::kEnd && opcode != op::kElse) {
                TRY(skip_immediates(reader, opcode));
                continue;
            }
        }
        note_offset(offset);
        TRY(compile_instruction(reader, opcode));
    }
    if (m_failed)
        return Error::NoMemory;
    return finish(function_index, out);
}

Result<void> FunctionCompiler::finish(uint32_t function_index, ir::CompiledFunction& out) {
    size_t words = m_code.size();
    auto* code = static_cast<CodeWord*>(m_allocator.allocate(words * sizeof(CodeWord), 8));
    if (!code)
        return Error::NoMemory;
    __builtin_memcpy(static_cast<void*>(code), m_code.data(), words * sizeof(CodeWord));
    for (size_t i = 0; i < m_targets.size(); ++i) {
        CodeWord& word = code[m_targets[i]];
        word.target = &code[word.index];
    }
    size_t mappings = m_offsets.size();
    auto* offsets = static_cast<ir::OffsetMapping*>(
        m_allocator.allocate(mappings * sizeof(ir::OffsetMapping), alignof(ir::OffsetMapping)));
    if (!offsets) {
        m_allocator.deallocate(code, words * sizeof(CodeWord));
        return Error::NoMemory;
    }
    __builtin_memcpy(offsets, m_offsets.data(), mappings * sizeof(ir::OffsetMapping));
    out.code = Span<const CodeWord>(code, words);
    out.offsets = Span<const ir::OffsetMapping>(offsets, mappings);
    out.param_count = uint32_t(m_type->params.size());
    out.local_count = m_locals - out.param_count;
    out.result_count = uint32_t(m_type->results.size());
    uint64_t frame = uint64_t(m_locals) + m_max_height;
    if (frame < out.result_count)
        frame = out.result_count;
    out.frame_size = uint32_t(frame);
    out.function_index = function_index;
    return {};
}

} // namespace

size_t ir::CompiledFunction::module_offset(const CodeWord* pc) const {
    uint32_t index = uint32_t(pc - code.data());
    size_t low = 0, high = offsets.size();
    // The last mapping at or before `index`.
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (offsets[middle].code_index <= index)
            low = middle;
        else
            high = middle;
    }
    return offsets.is_empty() ? 0 : offsets[low].module_offset;
}

void CompiledModule::release() {
    for (size_t i = 0; i < m_count; ++i) {
        ir::CompiledFunction& function = m_functions[i];
        if (function.code.data())
            m_allocator.deallocate(const_cast<CodeWord*>(function.code.data()),
                                   function.code.size() * sizeof(CodeWord));
        if (function.offsets.data())
            m_allocator.deallocate(const_cast<ir::OffsetMapping*>(function.offsets.data()),
                                   function.offsets.size() * sizeof(ir::OffsetMapping));
    }
    if (m_functions)
        m_allocator.deallocate(m_functions, m_count * sizeof(ir::CompiledFunction));
    m_functions = nullptr;
    m_count = 0;
}

Result<void> compile_module(const Module& module, CompiledModule& out,
                            const CompileOptions& options) {
    out.release();
    out.m_options = options;
    size_t count = module.bodies.size();
    if (count == 0)
        return {};
    auto* functions = static_cast<ir::CompiledFunction*>(out.m_allocator.allocate(
        count * sizeof(ir::CompiledFunction), alignof(ir::CompiledFunction)));
    if (!functions)
        return Error::NoMemory;
    for (size_t i = 0; i < count; ++i)
        new (&functions[i]) ir::CompiledFunction();
    out.m_functions = functions;
    out.m_count = count;
    FunctionCompiler compiler(module, out.m_allocator, options);
    for (size_t i = 0; i < count; ++i)
        TRY(compiler.compile(module.imported_functions + uint32_t(i), functions[i]));
    return {};
}

} // namespace mica::wasm
