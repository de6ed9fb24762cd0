#include <wasm/compiler.h>
#include <wasm/interpreter.h>
#include <wasm/ir.h>
#include <wasm/numeric.h>

namespace mica::wasm {

using ir::CodeWord;

// The dispatch loop. Every handler ends with NEXT(): an indirect jump through the next
// instruction's handler word (threaded code, one branch per instruction and a separate
// prediction site per handler). `pc` stays at the current instruction until it is done, so a
// trap reports the instruction that raised it. Called with `machine` == nullptr it only hands
// out the handler table (labels-as-values exist only inside this function).
bool run(Machine* machine, const FunctionInstance* function, Value* fp, Trap* trap,
         const void* const** table) {
    static const void* const kHandlers[] = {
#define MICA_LABEL(Name, ...) &&op_##Name,
#define MICA_LABEL_IMM(Name, ...) &&op_##Name, &&op_##Name##Imm,
#define MICA_LABEL_BR(Name, ...) &&op_BrIf##Name, &&op_BrIf##Name##Imm,
        MICA_WASM_CONTROL_OPS(MICA_LABEL) MICA_WASM_UNARY_OPS(MICA_LABEL)
            MICA_WASM_TRUNC_OPS(MICA_LABEL) MICA_WASM_BINARY_OPS(MICA_LABEL_IMM)
                MICA_WASM_DIVIDE_OPS(MICA_LABEL_IMM) MICA_WASM_LOAD_OPS(MICA_LABEL)
                    MICA_WASM_STORE_OPS(MICA_LABEL) MICA_WASM_I32_COMPARE_OPS(MICA_LABEL_BR)
#undef MICA_LABEL
#undef MICA_LABEL_IMM
#undef MICA_LABEL_BR
    };
    static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == size_t(ir::Op::Count));
    if (!machine) {
        *table = kHandlers;
        return true;
    }

    Store& store = machine->store();
    Machine::Frame* const frames = machine->m_frames;
    const uint32_t depth_limit = machine->m_limits.call_depth;
    Value* const stack_end = machine->m_stack + machine->m_limits.stack_slots;
    const uint32_t entry_depth = machine->m_depth;
    uint32_t depth = entry_depth;
    int64_t fuel = machine->m_fuel;
    Instance* instance = function->instance;
    const CodeWord* pc = function->code->code.data();
    uint8_t* memory_base = nullptr;
    uint64_t memory_size = 0;
    TrapKind trap_kind = TrapKind::None;
    // Where a call goes and where it returns to.
    const FunctionInstance* callee = nullptr;
    Value* callee_fp = nullptr;
    const CodeWord* return_pc = nullptr;

#define NEXT() goto * pc->handler
#define A1 pc[1].pair.a
#define B1 pc[1].pair.b
#define A2 pc[2].pair.a
#define B2 pc[2].pair.b
#define A3 pc[3].pair.a
#define B3 pc[3].pair.b
#define TRAP(kind)                                                                                 \
    do {                                                                                           \
        trap_kind = (kind);                                                                        \
        goto trapped;                                                                              \
    } while (0)
#define LOAD_MEMORY()                                                                              \
    do {                                                                                           \
        MemoryInstance* memory = instance->memory;                                                 \
        memory_base = memory ? memory->data : nullptr;                                             \
        memory_size = memory ? memory->size : 0;                                                   \
    } while (0)
// Both ranges of a bulk operation must fit before anything is written (the spec's order).
#define CHECK_RANGE(start, count, limit, kind)                                                     \
    do {                                                                                           \
        if (uint64_t(start) + uint64_t(count) > uint64_t(limit))                                   \
            TRAP(kind);                                                                            \
    } while (0)

    // Entering the first function: the caller put the arguments at fp.
    frames[depth++] = Machine::Frame{nullptr, nullptr, nullptr};
    for (uint32_t i = 0; i < function->code->local_count; ++i)
        fp[function->code->param_count + i].u64 = 0;
    LOAD_MEMORY();
    NEXT();

    // Numeric instructions.
#define MICA_UNARY(Name, opcode, in, out, expression)                                              \
    op_##Name : {                                                                                  \
        auto a = fp[B1].in;                                                                        \
        fp[A1].out = (expression);                                                                 \
        pc += 2;                                                                                   \
        NEXT();                                                                                    \
    }
    MICA_WASM_UNARY_OPS(MICA_UNARY)
#undef MICA_UNARY

#define MICA_TRUNC(Name, opcode, in, out, Integer)                                                 \
    op_##Name : {                                                                                  \
        Integer result;                                                                            \
        TrapKind kind = num::trunc<Integer>(fp[B1].in, result);                                    \
        if (kind != TrapKind::None)                                                                \
            TRAP(kind);                                                                            \
        fp[A1].out = result;                                                                       \
        pc += 2;                                                                                   \
        NEXT();                                                                                    \
    }
    MICA_WASM_TRUNC_OPS(MICA_TRUNC)
#undef MICA_TRUNC

#define MICA_BINARY(Name, opcode, in, out, expression)                                             \
    op_##Name : {                                                                                  \
        auto a = fp[B1].in;                                                                        \
        auto b = fp[A2].in;                                                                        \
        fp[A1].out = (expression);                                                                 \
        pc += 3;                                                                                   \
        NEXT();                                                                                    \
    }                                                                                              \
    op_##Name##Imm : {                                                                             \
        auto a = fp[B1].in;                                                                        \
        auto b = pc[2].value.in;                                                                   \
        fp[A1].out = (expression);                                                                 \
        pc += 3;                                                                                   \
        NEXT();                                                                                    \
    }
    MICA_WASM_BINARY_OPS(MICA_BINARY)
#undef MICA_BINARY

#define MICA_DIVIDE(Name, opcode, field, function)                                                 \
    op_##Name : {                                                                                  \
        decltype(Value::field) result;                                                             \
        TrapKind kind = function(fp[B1].field, fp[A2].field, result);                              \
        if (kind != TrapKind::None)                                                                \
            TRAP(kind);                                                                            \
        fp[A1].field = result;                                                                     \
        pc += 3;                                                                                   \
        NEXT();                                                                                    \
    }                                                                                              \
    op_##Name##Imm : {                                                                             \
        decltype(Value::field) result;                                                             \
        TrapKind kind = function(fp[B1].field, pc[2].value.field, result);                         \
        if (kind != TrapKind::None)                                                                \
            TRAP(kind);                                                                            \
        fp[A1].field = result;                                                                     \
        pc += 3;                                                                                   \
        NEXT();                                                                                    \
    }
    MICA_WASM_DIVIDE_OPS(MICA_DIVIDE)
#undef MICA_DIVIDE

#define MICA_BRANCH_COMPARE(Name, opcode, in, out, expression)                                     \
    op_BrIf##Name : {                                                                              \
        uint32_t a = fp[A1].u32;                                                                   \
        uint32_t b = fp[B1].u32;                                                                   \
        pc = (expression) ? pc[2].target : pc + 3;                                                 \
        NEXT();                                                                                    \
    }                                                                                              \
    op_BrIf##Name##Imm : {                                                                         \
        uint32_t a = fp[A1].u32;                                                                   \
        uint32_t b = B1;                                                                           \
        pc = (expression) ? pc[2].target : pc + 3;                                                 \
        NEXT();                                                                                    \
    }
    MICA_WASM_I32_COMPARE_OPS(MICA_BRANCH_COMPARE)
#undef MICA_BRANCH_COMPARE

    // Memory. The effective address is computed in 64 bits (a 32-bit address plus a 32-bit
    // offset cannot wrap) and checked against the memory's current size.
#define MICA_LOAD(Name, opcode, Type, out)                                                         \
    op_##Name : {                                                                                  \
        uint64_t address = uint64_t(fp[B1].u32) + A2;                                              \
        if (address + sizeof(Type) > memory_size)                                                  \
            TRAP(TrapKind::MemoryOutOfBounds);                                                     \
        Type value;                                                                                \
        __builtin_memcpy(&value, memory_base + address, sizeof(Type));                             \
        fp[A1].out = value;                                                                        \
        pc += 3;                                                                                   \
        NEXT();                                                                                    \
    }
    MICA_WASM_LOAD_OPS(MICA_LOAD)
#undef MICA_LOAD

#define MICA_STORE(Name, opcode, Type, in)                                                         \
    op_##Name : {                                                                                  \
        uint64_t address = uint64_t(fp[B1].u32) + A2;                                              \
        if (address + sizeof(Type) > memory_size)                                                  \
            TRAP(TrapKind::MemoryOutOfBounds);                                                     \
        Type value = Type(fp[A1].in);                                                              \
        __builtin_memcpy(memory_base + address, &value, sizeof(Type));                             \
        pc += 3;                                                                                   \
        NEXT();                                                                                    \
    }
    MICA_WASM_STORE_OPS(MICA_STORE)
#undef MICA_STORE

op_MemorySize:
    fp[A1].u64 = instance->memory ? instance->memory->pages : 0;
    pc += 2;
    NEXT();
op_MemoryGrow : {
    int64_t old_pages = store.grow_memory(*instance->memory, fp[B1].u32);
    fp[A1].u64 = uint32_t(old_pages);
    LOAD_MEMORY();
    pc += 2;
    NEXT();
}
op_MemoryInit : {
    uint32_t to = fp[A1].u32, from = fp[B1].u32, count = fp[A2].u32;
    const DataSegment& segment = instance->module->data[B2];
    size_t length = instance->dropped_data[B2] ? 0 : segment.bytes.size();
    CHECK_RANGE(from, count, length, TrapKind::MemoryOutOfBounds);
    CHECK_RANGE(to, count, memory_size, TrapKind::MemoryOutOfBounds);
    if (count)
        __builtin_memcpy(memory_base + to, segment.bytes.data() + from, count);
    pc += 3;
    NEXT();
}
op_DataDrop:
    instance->dropped_data[A1] = 1;
    pc += 2;
    NEXT();
op_MemoryCopy : {
    uint32_t to = fp[A1].u32, from = fp[B1].u32, count = fp[A2].u32;
    CHECK_RANGE(from, count, memory_size, TrapKind::MemoryOutOfBounds);
    CHECK_RANGE(to, count, memory_size, TrapKind::MemoryOutOfBounds);
    if (count)
        __builtin_memmove(memory_base + to, memory_base + from, count);
    pc += 3;
    NEXT();
}
op_MemoryFill : {
    uint32_t to = fp[A1].u32, value = fp[B1].u32, count = fp[A2].u32;
    CHECK_RANGE(to, count, memory_size, TrapKind::MemoryOutOfBounds);
    if (count)
        __builtin_memset(memory_base + to, int(value & 0xff), count);
    pc += 3;
    NEXT();
}

    // Tables and references.
op_TableGet : {
    TableInstance& table = *instance->tables[A2];
    uint32_t index = fp[B1].u32;
    if (index >= table.size)
        TRAP(TrapKind::TableOutOfBounds);
    fp[A1].u64 = table.elements[index];
    pc += 3;
    NEXT();
}
op_TableSet : {
    TableInstance& table = *instance->tables[A2];
    uint32_t index = fp[A1].u32;
    if (index >= table.size)
        TRAP(TrapKind::TableOutOfBounds);
    table.elements[index] = fp[B1].u64;
    pc += 3;
    NEXT();
}
op_TableSize:
    fp[A1].u64 = instance->tables[B1]->size;
    pc += 2;
    NEXT();
op_TableGrow : {
    int64_t old_size = store.grow_table(*instance->tables[B2], fp[A2].u32, fp[B1].u64);
    fp[A1].u64 = uint32_t(old_size);
    pc += 3;
    NEXT();
}
op_TableFill : {
    TableInstance& table = *instance->tables[B2];
    uint32_t to = fp[A1].u32, count = fp[A2].u32;
    uint64_t value = fp[B1].u64;
    CHECK_RANGE(to, count, table.size, TrapKind::TableOutOfBounds);
    for (uint32_t i = 0; i < count; ++i)
        table.elements[to + i] = value;
    pc += 3;
    NEXT();
}
op_TableCopy : {
    TableInstance& destination = *instance->tables[A3];
    TableInstance& source = *instance->tables[B3];
    uint32_t to = fp[A1].u32, from = fp[B1].u32, count = fp[A2].u32;
    CHECK_RANGE(from, count, source.size, TrapKind::TableOutOfBounds);
    CHECK_RANGE(to, count, destination.size, TrapKind::TableOutOfBounds);
    if (count)
        __builtin_memmove(destination.elements + to, source.elements + from,
                          count * sizeof(uint64_t));
    pc += 4;
    NEXT();
}
op_TableInit : {
    TableInstance& table = *instance->tables[A3];
    const ElementSegment& segment = instance->module->elements[B3];
    uint32_t to = fp[A1].u32, from = fp[B1].u32, count = fp[A2].u32;
    size_t length = instance->dropped_elements[B3] ? 0 : segment.functions.size();
    CHECK_RANGE(from, count, length, TrapKind::TableOutOfBounds);
    CHECK_RANGE(to, count, table.size, TrapKind::TableOutOfBounds);
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t item = segment.functions[from + i];
        table.elements[to + i] = item == ElementSegment::kNullFunction
                                     ? kNullRef
                                     : reinterpret_cast<uintptr_t>(instance->functions[item]);
    }
    pc += 4;
    NEXT();
}
op_ElemDrop:
    instance->dropped_elements[A1] = 1;
    pc += 2;
    NEXT();
op_RefFunc:
    fp[A1].u64 = reinterpret_cast<uintptr_t>(instance->functions[B1]);
    pc += 2;
    NEXT();

    // Moves and variables.
op_Copy:
    fp[A1] = fp[B1];
    pc += 2;
    NEXT();
op_Const32:
    fp[A1].u64 = B1;
    pc += 2;
    NEXT();
op_Const64:
    fp[A1] = pc[2].value;
    pc += 3;
    NEXT();
op_Select : {
    Value chosen = fp[B2].u32 ? fp[B1] : fp[A2];
    fp[A1] = chosen;
    pc += 3;
    NEXT();
}
op_GlobalGet:
    fp[A1] = instance->globals[B1]->value;
    pc += 2;
    NEXT();
op_GlobalSet:
    instance->globals[B1]->value = fp[A1];
    pc += 2;
    NEXT();

    // Control.
op_Unreachable:
    TRAP(TrapKind::Unreachable);
op_Fuel:
    if (--fuel < 0)
        TRAP(TrapKind::OutOfFuel);
    pc += 1;
    NEXT();
op_Br:
    pc = pc[1].target;
    NEXT();
op_BrIf:
    pc = fp[A1].u32 ? pc[2].target : pc + 3;
    NEXT();
op_BrUnless:
    pc = fp[A1].u32 ? pc + 3 : pc[2].target;
    NEXT();
op_BrTable : {
    uint32_t index = fp[A1].u32;
    uint32_t last = B1;
    pc = pc[2 + (index < last ? index : last)].target;
    NEXT();
}
op_Call:
    callee = instance->functions[A1];
    callee_fp = fp + B1;
    return_pc = pc + 2;
    goto call;
op_CallIndirect : {
    TableInstance& table = *instance->tables[B1];
    uint32_t index = fp[A2].u32;
    if (index >= table.size)
        TRAP(TrapKind::UndefinedElement);
    callee = reinterpret_cast<const FunctionInstance*>(table.elements[index]);
    if (!callee)
        TRAP(TrapKind::UninitializedElement);
    if (!same_type(*callee->type, instance->module->types[A1]))
        TRAP(TrapKind::IndirectCallTypeMismatch);
    callee_fp = fp + B2;
    return_pc = pc + 3;
    goto call;
}
call : {
    if (callee->host) {
        size_t params = callee->type->params.size(), results = callee->type->results.size();
        size_t count = params > results ? params : results;
        if (callee_fp + count > stack_end)
            TRAP(TrapKind::CallStackExhausted);
        Value* saved_floor = machine->m_floor;
        machine->m_floor = callee_fp + count;
        machine->m_depth = depth;
        machine->m_fuel = fuel;
        HostResult result =
            callee->host->call(HostCall{instance, instance->memory}, Span<Value>(callee_fp, count));
        machine->m_floor = saved_floor;
        fuel = machine->m_fuel;
        if (result.kind != TrapKind::None) {
            trap->host_code = result.code;
            TRAP(result.kind);
        }
        LOAD_MEMORY(); // the host may have grown it
        pc = return_pc;
        NEXT();
    }
    const ir::CompiledFunction& code = *callee->code;
    if (depth == depth_limit || callee_fp + code.frame_size > stack_end)
        TRAP(TrapKind::CallStackExhausted);
    frames[depth++] = Machine::Frame{return_pc, fp, function};
    fp = callee_fp;
    for (uint32_t i = 0; i < code.local_count; ++i)
        fp[code.param_count + i].u64 = 0;
    function = callee;
    if (callee->instance != instance) {
        instance = callee->instance;
        LOAD_MEMORY();
    }
    pc = code.code.data();
    NEXT();
}
op_Return : {
    const Machine::Frame& frame = frames[--depth];
    if (!frame.return_pc) {
        machine->m_depth = entry_depth;
        machine->m_fuel = fuel;
        return true;
    }
    pc = frame.return_pc;
    fp = frame.fp;
    function = frame.function;
    instance = function->instance;
    LOAD_MEMORY(); // a callee may have grown a shared memory
    NEXT();
}

trapped:
    trap->kind = trap_kind;
    trap->function = function->index;
    trap->offset = function->code->module_offset(pc);
    machine->m_depth = entry_depth;
    machine->m_fuel = fuel;
    return false;

#undef NEXT
#undef A1
#undef B1
#undef A2
#undef B2
#undef A3
#undef B3
#undef TRAP
#undef LOAD_MEMORY
#undef CHECK_RANGE
}

const void* const* ir::handler_table() {
    static const void* const* table = [] {
        const void* const* handlers = nullptr;
        run(nullptr, nullptr, nullptr, nullptr, &handlers);
        return handlers;
    }();
    return table;
}

Machine::~Machine() {
    Allocator& allocator = m_store.allocator();
    if (m_stack)
        allocator.deallocate(m_stack, size_t(m_limits.stack_slots) * sizeof(Value));
    if (m_frames)
        allocator.deallocate(m_frames, size_t(m_limits.call_depth + 1) * sizeof(Frame));
}

bool Machine::ensure_stacks() {
    if (m_stack)
        return true;
    Allocator& allocator = m_store.allocator();
    m_stack = static_cast<Value*>(
        allocator.allocate(size_t(m_limits.stack_slots) * sizeof(Value), alignof(Value)));
    // One frame more than the limit: the entry frame of each invoke().
    m_frames = static_cast<Frame*>(
        allocator.allocate(size_t(m_limits.call_depth + 1) * sizeof(Frame), alignof(Frame)));
    if (!m_stack || !m_frames) {
        if (m_stack)
            allocator.deallocate(m_stack, size_t(m_limits.stack_slots) * sizeof(Value));
        if (m_frames)
            allocator.deallocate(m_frames, size_t(m_limits.call_depth + 1) * sizeof(Frame));
        m_stack = nullptr;
        m_frames = nullptr;
        return false;
    }
    m_floor = m_stack;
    return true;
}

bool Machine::invoke(const FunctionInstance& function, Span<const Value> args, Span<Value> results,
                     Trap& trap) {
    trap = Trap{};
    if (!ensure_stacks()) {
        trap.kind = TrapKind::NoMemory;
        return false;
    }
    size_t params = function.type->params.size(), result_count = function.type->results.size();
    size_t needed = params > result_count ? params : result_count;
    if (function.code && function.code->frame_size > needed)
        needed = function.code->frame_size;
    Value* fp = m_floor;
    if (args.size() != params || results.size() != result_count) {
        trap.kind = TrapKind::Host; // the embedder's mistake, reported rather than run
        return false;
    }
    if (m_depth >= m_limits.call_depth || needed > size_t(m_stack + m_limits.stack_slots - fp)) {
        trap.kind = TrapKind::CallStackExhausted;
        return false;
    }
    for (size_t i = 0; i < params; ++i)
        fp[i] = args[i];
    if (function.host) {
        Value* saved_floor = m_floor;
        m_floor = fp + needed;
        HostResult result = function.host->call(HostCall{}, Span<Value>(fp, needed));
        m_floor = saved_floor;
        if (result.kind != TrapKind::None) {
            trap.kind = result.kind;
            trap.host_code = result.code;
            return false;
        }
    } else if (!run(this, &function, fp, &trap, nullptr)) {
        return false;
    }
    for (size_t i = 0; i < result_count; ++i)
        results[i] = fp[i];
    return true;
}

} // namespace mica::wasm
