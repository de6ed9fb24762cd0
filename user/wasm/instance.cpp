#include <wasm/instance.h>

namespace mica::wasm {

namespace {

bool limits_match(uint32_t size, bool has_max, uint32_t max, const Limits& wanted) {
    if (size < wanted.min)
        return false;
    return !wanted.has_max || (has_max && max <= wanted.max);
}

Value evaluate(const ConstExpr& expr, const Instance& instance) {
    switch (expr.kind) {
    case ConstExpr::Kind::GlobalGet: return instance.globals[expr.index]->value;
    case ConstExpr::Kind::RefNull: return Value::from_ref(kNullRef);
    case ConstExpr::Kind::RefFunc: return Value::from_function(instance.functions[expr.index]);
    default: return Value::from_i64(expr.bits);
    }
}

Error fail(InstantiateReport* report, Error error, const char* reason) {
    if (report)
        report->reason = reason;
    return error;
}

Error trapped(InstantiateReport* report, TrapKind kind, size_t offset) {
    if (report) {
        report->reason = trap_message(kind);
        report->trap.kind = kind;
        report->trap.offset = offset;
    }
    return Error::OutOfRange;
}

} // namespace

bool import_matches(const Module& module, const Import& import, const ExternValue& value) {
    if (value.kind != import.kind)
        return false;
    switch (import.kind) {
    case ExternKind::Function:
        return value.function && same_type(*value.function->type, module.types[import.type_index]);
    case ExternKind::Table:
        return value.table && value.table->element_type == import.table.element &&
               limits_match(value.table->size, value.table->has_max, value.table->max,
                            import.table.limits);
    case ExternKind::Memory:
        return value.memory && limits_match(value.memory->pages, value.memory->has_max,
                                            value.memory->max_pages, import.memory);
    case ExternKind::Global:
        return value.global && value.global->type.type == import.global.type &&
               value.global->type.is_mutable == import.global.is_mutable;
    }
    return false;
}

namespace {

Result<Instance*> build_instance(Machine& machine, const Module& module,
                                 const CompiledModule& compiled, Span<const ExternValue> imports,
                                 InstantiateReport* report) {
    Store& store = machine.store();
    if (imports.size() != module.imports.size())
        return fail(report, Error::InvalidArgument, "wrong number of imports");
    for (size_t i = 0; i < imports.size(); ++i) {
        if (!import_matches(module, module.imports[i], imports[i]))
            return fail(report, Error::InvalidArgument, "incompatible import type");
    }
    if (compiled.function_count() != module.bodies.size())
        return fail(report, Error::InvalidArgument, "module and compiled code differ");

    Instance* instance = TRY(store.create<Instance>());
    instance->module = &module;
    instance->functions = TRY(store.allocate<FunctionInstance*>(module.function_types.size()));
    instance->tables = TRY(store.allocate<TableInstance*>(module.tables.size()));
    instance->globals = TRY(store.allocate<GlobalInstance*>(module.global_types.size()));
    instance->dropped_elements = TRY(store.allocate<uint8_t>(module.elements.size()));
    instance->dropped_data = TRY(store.allocate<uint8_t>(module.data.size()));

    size_t functions = 0, tables = 0, globals = 0;
    for (size_t i = 0; i < imports.size(); ++i) {
        const ExternValue& value = imports[i];
        switch (value.kind) {
        case ExternKind::Function: instance->functions[functions++] = value.function; break;
        case ExternKind::Table: instance->tables[tables++] = value.table; break;
        case ExternKind::Memory: instance->memory = value.memory; break;
        case ExternKind::Global: instance->globals[globals++] = value.global; break;
        }
    }
    Span<FunctionInstance> defined = TRY(store.allocate<FunctionInstance>(module.bodies.size()));
    for (size_t i = 0; i < defined.size(); ++i) {
        uint32_t index = module.imported_functions + uint32_t(i);
        defined[i].type = &module.function_type(index);
        defined[i].instance = instance;
        defined[i].code = &compiled.function(i);
        defined[i].index = index;
        instance->functions[index] = &defined[i];
    }
    for (const Global& global : module.globals) {
        instance->globals[globals++] =
            TRY(store.create_global(global.type, evaluate(global.init, *instance)));
    }
    for (size_t i = module.imported_tables; i < module.tables.size(); ++i)
        instance->tables[i] = TRY(store.create_table(module.tables[i]));
    if (module.memories.size() > module.imported_memories)
        instance->memory = TRY(store.create_memory(module.memories[module.imported_memories]));

    for (size_t i = 0; i < module.elements.size(); ++i) {
        const ElementSegment& segment = module.elements[i];
        if (segment.mode == SegmentMode::Passive)
            continue;
        instance->dropped_elements[i] = 1;
        if (segment.mode == SegmentMode::Declarative)
            continue;
        TableInstance& table = *instance->tables[segment.table];
        uint64_t offset = evaluate(segment.offset_expr, *instance).u32;
        if (offset + segment.functions.size() > table.size)
            return trapped(report, TrapKind::TableOutOfBounds, segment.offset);
        for (size_t k = 0; k < segment.functions.size(); ++k) {
            uint32_t item = segment.functions[k];
            table.elements[offset + k] =
                item == ElementSegment::kNullFunction
                    ? kNullRef
                    : reinterpret_cast<uintptr_t>(instance->functions[item]);
        }
    }
    for (size_t i = 0; i < module.data.size(); ++i) {
        const DataSegment& segment = module.data[i];
        if (segment.mode != SegmentMode::Active)
            continue;
        instance->dropped_data[i] = 1;
        MemoryInstance* memory = instance->memory;
        uint64_t offset = evaluate(segment.offset_expr, *instance).u32;
        if (!memory || offset + segment.bytes.size() > memory->size)
            return trapped(report, TrapKind::MemoryOutOfBounds, segment.offset);
        if (!segment.bytes.is_empty())
            __builtin_memcpy(memory->data + offset, segment.bytes.data(), segment.bytes.size());
    }
    if (module.has_start) {
        Trap trap;
        if (!machine.invoke(*instance->functions[module.start], {}, {}, trap)) {
            if (report) {
                report->reason = trap_message(trap.kind);
                report->trap = trap;
            }
            return Error::OutOfRange;
        }
    }
    return instance;
}

} // namespace

Result<Instance*> instantiate(Machine& machine, const Module& module,
                              const CompiledModule& compiled, Span<const ExternValue> imports,
                              InstantiateReport* report) {
    InstantiateReport local;
    if (!report)
        report = &local;
    *report = InstantiateReport{};
    auto instance = build_instance(machine, module, compiled, imports, report);
    // Every failure says why; a memory or table the store's limits refuse ends up here too.
    if (instance.is_error() && !report->reason)
        report->reason = "out of memory (allocator or store limits)";
    return instance;
}

} // namespace mica::wasm
