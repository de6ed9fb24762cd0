#include <wasm/decoder.h>
#include <wasm/opcodes.h>
#include <wasm/reader.h>

namespace mica::wasm {

namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kMaxPages = 65536;

enum SectionId : uint8_t {
    kCustom = 0,
    kType = 1,
    kImport = 2,
    kFunction = 3,
    kTable = 4,
    kMemory = 5,
    kGlobal = 6,
    kExport = 7,
    kStart = 8,
    kElement = 9,
    kCode = 10,
    kData = 11,
    kDataCount = 12,
    kSectionIdCount,
};

const char* section_name(uint8_t id) {
    static const char* const kNames[] = {
        "custom section",     "type section",    "import section", "function section",
        "table section",      "memory section",  "global section", "export section",
        "start section",      "element section", "code section",   "data section",
        "data count section",
    };
    return id < kSectionIdCount ? kNames[id] : "module";
}

// Where a section may appear: the data count section sits between element and code.
int section_rank(uint8_t id) {
    switch (id) {
    case kDataCount: return 10;
    case kCode: return 11;
    case kData: return 12;
    default: return id;
    }
}

class Decoder {
public:
    Decoder(Bytes bytes, Arena& arena, Diagnostic* diagnostic)
        : m_bytes(bytes), m_arena(arena), m_diagnostic(diagnostic) {}

    Result<Module> decode();

private:
    template <typename T>
    Result<Span<T>> allocate(Reader& reader, size_t count) {
        auto items = m_arena.allocate<T>(count);
        if (items.is_error())
            return reader.fail(Error::NoMemory, "module needs more arena memory than given");
        return items.value();
    }

    Result<void> decode_section(uint8_t id, Reader& reader);
    Result<void> decode_types(Reader& reader);
    Result<void> decode_imports(Reader& reader);
    Result<void> decode_functions(Reader& reader);
    Result<void> decode_tables(Reader& reader);
    Result<void> decode_memories(Reader& reader);
    Result<void> decode_globals(Reader& reader);
    Result<void> decode_exports(Reader& reader);
    Result<void> decode_start(Reader& reader);
    Result<void> decode_elements(Reader& reader);
    Result<void> decode_data_count(Reader& reader);
    Result<void> decode_code(Reader& reader);
    Result<void> decode_data(Reader& reader);
    Result<void> build_index_spaces(Reader& reader);

    Result<ValType> read_val_type(Reader& reader);
    Result<ValType> read_ref_type(Reader& reader);
    Result<Limits> read_limits(Reader& reader, uint32_t bound, const char* too_large);
    Result<TableType> read_table_type(Reader& reader);
    Result<GlobalType> read_global_type(Reader& reader);
    Result<uint32_t> read_type_index(Reader& reader);
    Result<ConstExpr> read_const_expr(Reader& reader);
    Result<Span<const ValType>> read_val_types(Reader& reader);

    Bytes m_bytes;
    Arena& m_arena;
    Diagnostic* m_diagnostic;
    Module m_module;
    Span<const uint32_t> m_defined_function_types;
    Span<const TableType> m_defined_tables;
    Span<const Limits> m_defined_memories;
    bool m_has_function_section = false;
    bool m_has_code_section = false;
    bool m_has_data_section = false;
};

Result<Module> Decoder::decode() {
    Reader reader(m_bytes, 0, m_diagnostic);
    if (m_diagnostic)
        m_diagnostic->section = "module header";
    if (m_bytes.size() < 4)
        return reader.fail(Error::Truncated, "unexpected end: no magic number");
    Bytes magic = TRY(reader.read_bytes(4));
    for (size_t i = 0; i < 4; ++i) {
        if (magic[i] != kMagic[i])
            return reader.fail_at(0, Error::Malformed, "magic header not detected");
    }
    if (reader.remaining() < 4)
        return reader.fail(Error::Truncated, "unexpected end: no version");
    Bytes version = TRY(reader.read_bytes(4));
    if (uint32_t(version[0] | version[1] << 8 | version[2] << 16 | uint32_t(version[3]) << 24) !=
        kVersion)
        return reader.fail_at(4, Error::Unsupported, "unknown binary version");

    int last_rank = 0;
    while (!reader.at_end()) {
        size_t section_start = reader.offset();
        uint8_t id = TRY(reader.read_u8());
        if (m_diagnostic)
            m_diagnostic->section = section_name(id);
        if (id >= kSectionIdCount)
            return reader.fail_at(section_start, Error::Malformed, "malformed section id");
        size_t size_offset = reader.offset();
        uint32_t size = TRY(reader.read_u32());
        if (size > reader.remaining())
            return reader.fail_at(size_offset, Error::Truncated, "section size exceeds the module");
        Reader section = TRY(reader.split(size));
        if (id != kCustom) {
            int rank = section_rank(id);
            if (rank == last_rank)
                return reader.fail_at(section_start, Error::Malformed, "duplicate section");
            if (rank < last_rank)
                return reader.fail_at(section_start, Error::Malformed, "section out of order");
            last_rank = rank;
        }
        TRY(decode_section(id, section));
        if (!section.at_end())
            return section.fail(Error::Malformed, "section size mismatch: bytes left over");
    }

    if (m_diagnostic)
        m_diagnostic->section = "module";
    if (m_defined_function_types.size() > 0 && !m_has_code_section)
        return reader.fail(Error::Malformed, "function and code section have inconsistent lengths");
    if (m_module.has_data_count && m_module.data_count > 0 && !m_has_data_section)
        return reader.fail(Error::Malformed,
                           "data count and data section have inconsistent lengths");
    TRY(build_index_spaces(reader));
    return m_module;
}

Result<void> Decoder::decode_section(uint8_t id, Reader& reader) {
    switch (id) {
    case kCustom: {
        // Contents are not interpreted (yet), but the name must be valid UTF-8.
        TRY(reader.read_name());
        TRY(reader.read_bytes(reader.remaining()));
        return {};
    }
    case kType: return decode_types(reader);
    case kImport: return decode_imports(reader);
    case kFunction: return decode_functions(reader);
    case kTable: return decode_tables(reader);
    case kMemory: return decode_memories(reader);
    case kGlobal: return decode_globals(reader);
    case kExport: return decode_exports(reader);
    case kStart: return decode_start(reader);
    case kElement: return decode_elements(reader);
    case kDataCount: return decode_data_count(reader);
    case kCode: return decode_code(reader);
    case kData: return decode_data(reader);
    }
    return reader.fail(Error::Malformed, "malformed section id");
}

Result<ValType> Decoder::read_val_type(Reader& reader) {
    size_t start = reader.offset();
    uint8_t byte = TRY(reader.read_u8());
    switch (ValType(byte)) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64:
    case ValType::FuncRef:
    case ValType::ExternRef: return ValType(byte);
    default: return reader.fail_at(start, Error::Malformed, "malformed value type");
    }
}

Result<ValType> Decoder::read_ref_type(Reader& reader) {
    size_t start = reader.offset();
    uint8_t byte = TRY(reader.read_u8());
    if (ValType(byte) != ValType::FuncRef && ValType(byte) != ValType::ExternRef)
        return reader.fail_at(start, Error::Malformed, "malformed reference type");
    return ValType(byte);
}

Result<Span<const ValType>> Decoder::read_val_types(Reader& reader) {
    uint32_t count = TRY(reader.read_count());
    Span<ValType> types = TRY(allocate<ValType>(reader, count));
    for (ValType& type : types)
        type = TRY(read_val_type(reader));
    return Span<const ValType>(types.data(), types.size());
}

Result<Limits> Decoder::read_limits(Reader& reader, uint32_t bound, const char* too_large) {
    size_t start = reader.offset();
    uint8_t flags = TRY(reader.read_u8());
    if (flags > 1)
        return reader.fail_at(start, Error::Malformed, "malformed limits flags");
    Limits limits;
    limits.min = TRY(reader.read_u32());
    if (flags == 1) {
        limits.has_max = true;
        limits.max = TRY(reader.read_u32());
    }
    if (limits.min > bound || (limits.has_max && limits.max > bound))
        return reader.fail_at(start, Error::Malformed, too_large);
    if (limits.has_max && limits.min > limits.max)
        return reader.fail_at(start, Error::Malformed,
                              "size minimum must not be greater than maximum");
    return limits;
}

Result<TableType> Decoder::read_table_type(Reader& reader) {
    TableType table;
    table.element = TRY(read_ref_type(reader));
    table.limits = TRY(read_limits(reader, ~uint32_t{0}, "table size must be at most 2^32-1"));
    return table;
}

Result<GlobalType> Decoder::read_global_type(Reader& reader) {
    GlobalType global;
    global.type = TRY(read_val_type(reader));
    size_t start = reader.offset();
    uint8_t mutability = TRY(reader.read_u8());
    if (mutability > 1)
        return reader.fail_at(start, Error::Malformed, "malformed mutability");
    global.is_mutable = mutability == 1;
    return global;
}

Result<uint32_t> Decoder::read_type_index(Reader& reader) {
    size_t start = reader.offset();
    uint32_t index = TRY(reader.read_u32());
    if (index >= m_module.types.size())
        return reader.fail_at(start, Error::OutOfRange, "unknown type");
    return index;
}

Result<ConstExpr> Decoder::read_const_expr(Reader& reader) {
    ConstExpr expr;
    expr.offset = reader.offset();
    uint8_t opcode = TRY(reader.read_u8());
    switch (opcode) {
    case op::kI32Const:
        expr.kind = ConstExpr::Kind::I32;
        expr.bits = uint32_t(TRY(reader.read_s32()));
        break;
    case op::kI64Const:
        expr.kind = ConstExpr::Kind::I64;
        expr.bits = uint64_t(TRY(reader.read_s64()));
        break;
    case op::kF32Const:
        expr.kind = ConstExpr::Kind::F32;
        expr.bits = TRY(reader.read_f32_bits());
        break;
    case op::kF64Const:
        expr.kind = ConstExpr::Kind::F64;
        expr.bits = TRY(reader.read_f64_bits());
        break;
    case op::kGlobalGet:
        expr.kind = ConstExpr::Kind::GlobalGet;
        expr.index = TRY(reader.read_u32());
        break;
    case op::kRefNull:
        expr.kind = ConstExpr::Kind::RefNull;
        expr.ref_type = TRY(read_ref_type(reader));
        break;
    case op::kRefFunc:
        expr.kind = ConstExpr::Kind::RefFunc;
        expr.index = TRY(reader.read_u32());
        break;
    case op::kEnd:
        return reader.fail_at(expr.offset, Error::Malformed,
                              "type mismatch: empty constant expression");
    default: return reader.fail_at(expr.offset, Error::Malformed, "constant expression required");
    }
    size_t end_offset = reader.offset();
    if (TRY(reader.read_u8()) != op::kEnd)
        return reader.fail_at(end_offset, Error::Malformed,
                              "constant expression required (one instruction, then end)");
    return expr;
}

Result<void> Decoder::decode_types(Reader& reader) {
    uint32_t count = TRY(reader.read_count(3));
    Span<FuncType> types = TRY(allocate<FuncType>(reader, count));
    for (FuncType& type : types) {
        size_t start = reader.offset();
        if (TRY(reader.read_u8()) != 0x60)
            return reader.fail_at(start, Error::Malformed, "malformed function type (no 0x60)");
        type.params = TRY(read_val_types(reader));
        type.results = TRY(read_val_types(reader));
    }
    m_module.types = Span<const FuncType>(types.data(), types.size());
    return {};
}

Result<void> Decoder::decode_imports(Reader& reader) {
    uint32_t count = TRY(reader.read_count(4));
    Span<Import> imports = TRY(allocate<Import>(reader, count));
    for (Import& import : imports) {
        import.module = TRY(reader.read_name());
        import.name = TRY(reader.read_name());
        size_t kind_offset = reader.offset();
        uint8_t kind = TRY(reader.read_u8());
        switch (kind) {
        case uint8_t(ExternKind::Function):
            import.type_index = TRY(read_type_index(reader));
            ++m_module.imported_functions;
            break;
        case uint8_t(ExternKind::Table):
            import.table = TRY(read_table_type(reader));
            ++m_module.imported_tables;
            break;
        case uint8_t(ExternKind::Memory):
            import.memory = TRY(
                read_limits(reader, kMaxPages, "memory size must be at most 65536 pages (4GiB)"));
            ++m_module.imported_memories;
            break;
        case uint8_t(ExternKind::Global):
            import.global = TRY(read_global_type(reader));
            ++m_module.imported_globals;
            break;
        default: return reader.fail_at(kind_offset, Error::Malformed, "malformed import kind");
        }
        import.kind = ExternKind(kind);
    }
    m_module.imports = Span<const Import>(imports.data(), imports.size());
    return {};
}

Result<void> Decoder::decode_functions(Reader& reader) {
    uint32_t count = TRY(reader.read_count());
    Span<uint32_t> types = TRY(allocate<uint32_t>(reader, count));
    for (uint32_t& type : types)
        type = TRY(read_type_index(reader));
    m_defined_function_types = Span<const uint32_t>(types.data(), types.size());
    m_has_function_section = true;
    return {};
}

Result<void> Decoder::decode_tables(Reader& reader) {
    uint32_t count = TRY(reader.read_count(3));
    Span<TableType> tables = TRY(allocate<TableType>(reader, count));
    for (TableType& table : tables)
        table = TRY(read_table_type(reader));
    m_defined_tables = Span<const TableType>(tables.data(), tables.size());
    return {};
}

Result<void> Decoder::decode_memories(Reader& reader) {
    uint32_t count = TRY(reader.read_count(2));
    Span<Limits> memories = TRY(allocate<Limits>(reader, count));
    for (Limits& memory : memories)
        memory =
            TRY(read_limits(reader, kMaxPages, "memory size must be at most 65536 pages (4GiB)"));
    m_defined_memories = Span<const Limits>(memories.data(), memories.size());
    return {};
}

Result<void> Decoder::decode_globals(Reader& reader) {
    uint32_t count = TRY(reader.read_count(4));
    Span<Global> globals = TRY(allocate<Global>(reader, count));
    for (Global& global : globals) {
        global.type = TRY(read_global_type(reader));
        global.init = TRY(read_const_expr(reader));
    }
    m_module.globals = Span<const Global>(globals.data(), globals.size());
    return {};
}

Result<void> Decoder::decode_exports(Reader& reader) {
    uint32_t count = TRY(reader.read_count(3));
    Span<Export> exports = TRY(allocate<Export>(reader, count));
    for (Export& item : exports) {
        item.offset = reader.offset();
        item.name = TRY(reader.read_name());
        size_t kind_offset = reader.offset();
        uint8_t kind = TRY(reader.read_u8());
        if (kind > uint8_t(ExternKind::Global))
            return reader.fail_at(kind_offset, Error::Malformed, "malformed export kind");
        item.kind = ExternKind(kind);
        item.index = TRY(reader.read_u32());
    }
    m_module.exports = Span<const Export>(exports.data(), exports.size());
    return {};
}

Result<void> Decoder::decode_start(Reader& reader) {
    m_module.has_start = true;
    m_module.start = TRY(reader.read_u32());
    return {};
}

Result<void> Decoder::decode_elements(Reader& reader) {
    uint32_t count = TRY(reader.read_count(3));
    Span<ElementSegment> segments = TRY(allocate<ElementSegment>(reader, count));
    for (ElementSegment& segment : segments) {
        segment.offset = reader.offset();
        uint32_t flags = TRY(reader.read_u32());
        // Bit 0: passive or declarative (bit 1 picks which); else active, and bit 1 means an
        // explicit table index. Bit 2: items are expressions rather than function indices.
        if (flags > 7)
            return reader.fail_at(segment.offset, Error::Malformed,
                                  "malformed element segment flags");
        bool explicit_table = (flags & 3) == 2;
        bool uses_expressions = flags & 4;
        if (flags & 1)
            segment.mode = (flags & 2) ? SegmentMode::Declarative : SegmentMode::Passive;
        else
            segment.mode = SegmentMode::Active;
        if (explicit_table)
            segment.table = TRY(reader.read_u32());
        if (segment.mode == SegmentMode::Active)
            segment.offset_expr = TRY(read_const_expr(reader));
        // The element kind (0x00 = funcref) or reference type, absent in the flags 0 and 4 forms.
        if ((flags & 3) != 0) {
            if (uses_expressions) {
                segment.type = TRY(read_ref_type(reader));
            } else {
                size_t kind_offset = reader.offset();
                if (TRY(reader.read_u8()) != 0x00)
                    return reader.fail_at(kind_offset, Error::Malformed, "malformed element kind");
            }
        }
        uint32_t items = TRY(reader.read_count());
        Span<uint32_t> functions = TRY(allocate<uint32_t>(reader, items));
        for (uint32_t& function : functions) {
            if (!uses_expressions) {
                function = TRY(reader.read_u32());
                continue;
            }
            ConstExpr expr = TRY(read_const_expr(reader));
            if (expr.kind == ConstExpr::Kind::RefFunc)
                function = expr.index;
            else if (expr.kind == ConstExpr::Kind::RefNull && expr.ref_type == segment.type)
                function = ElementSegment::kNullFunction;
            else
                return reader.fail_at(expr.offset, Error::Malformed,
                                      "type mismatch: element must be ref.func or ref.null");
        }
        if (segment.type != ValType::FuncRef)
            return reader.fail_at(segment.offset, Error::Unsupported,
                                  "only funcref element segments are supported");
        segment.functions = Span<const uint32_t>(functions.data(), functions.size());
    }
    m_module.elements = Span<const ElementSegment>(segments.data(), segments.size());
    return {};
}

Result<void> Decoder::decode_data_count(Reader& reader) {
    m_module.has_data_count = true;
    m_module.data_count = TRY(reader.read_u32());
    return {};
}

Result<void> Decoder::decode_code(Reader& reader) {
    m_has_code_section = true;
    size_t count_offset = reader.offset();
    uint32_t count = TRY(reader.read_count(2));
    if (count != m_defined_function_types.size())
        return reader.fail_at(count_offset, Error::Malformed,
                              "function and code section have inconsistent lengths");
    Span<FunctionBody> bodies = TRY(allocate<FunctionBody>(reader, count));
    for (FunctionBody& body : bodies) {
        body.offset = reader.offset();
        uint32_t size = TRY(reader.read_u32());
        if (size > reader.remaining())
            return reader.fail_at(body.offset, Error::Truncated,
                                  "function body size exceeds section");
        Reader code = TRY(reader.split(size));
        uint32_t groups = TRY(code.read_count(2));
        Span<LocalGroup> locals = TRY(allocate<LocalGroup>(code, groups));
        uint64_t total = 0;
        for (LocalGroup& group : locals) {
            size_t group_offset = code.offset();
            group.first = uint32_t(total);
            group.count = TRY(code.read_u32());
            group.type = TRY(read_val_type(code));
            total += group.count;
            if (total > ~uint32_t{0})
                return code.fail_at(group_offset, Error::Malformed, "too many locals");
        }
        body.locals = Span<const LocalGroup>(locals.data(), locals.size());
        body.local_count = uint32_t(total);
        body.code_offset = code.offset();
        body.code = TRY(code.read_bytes(code.remaining()));
        if (body.code.is_empty())
            return code.fail(Error::Truncated, "function body has no end");
    }
    m_module.bodies = Span<const FunctionBody>(bodies.data(), bodies.size());
    return {};
}

Result<void> Decoder::decode_data(Reader& reader) {
    m_has_data_section = true;
    size_t count_offset = reader.offset();
    uint32_t count = TRY(reader.read_count(2));
    if (m_module.has_data_count && count != m_module.data_count)
        return reader.fail_at(count_offset, Error::Malformed,
                              "data count and data section have inconsistent lengths");
    Span<DataSegment> segments = TRY(allocate<DataSegment>(reader, count));
    for (DataSegment& segment : segments) {
        segment.offset = reader.offset();
        uint32_t flags = TRY(reader.read_u32());
        if (flags > 2)
            return reader.fail_at(segment.offset, Error::Malformed, "malformed data segment flags");
        segment.mode = flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
        if (flags == 2)
            segment.memory = TRY(reader.read_u32());
        if (segment.mode == SegmentMode::Active)
            segment.offset_expr = TRY(read_const_expr(reader));
        size_t length_offset = reader.offset();
        uint32_t length = TRY(reader.read_u32());
        if (length > reader.remaining())
            return reader.fail_at(length_offset, Error::Truncated,
                                  "data segment exceeds the section");
        segment.bytes = TRY(reader.read_bytes(length));
    }
    m_module.data = Span<const DataSegment>(segments.data(), segments.size());
    return {};
}

// Index spaces put imports first; concatenating is done once, after every section is read.
Result<void> Decoder::build_index_spaces(Reader& reader) {
    Module& m = m_module;
    Span<uint32_t> functions =
        TRY(allocate<uint32_t>(reader, m.imported_functions + m_defined_function_types.size()));
    Span<TableType> tables =
        TRY(allocate<TableType>(reader, m.imported_tables + m_defined_tables.size()));
    Span<Limits> memories =
        TRY(allocate<Limits>(reader, m.imported_memories + m_defined_memories.size()));
    Span<GlobalType> globals =
        TRY(allocate<GlobalType>(reader, m.imported_globals + m.globals.size()));
    size_t f = 0, t = 0, mem = 0, g = 0;
    for (const Import& import : m.imports) {
        switch (import.kind) {
        case ExternKind::Function: functions[f++] = import.type_index; break;
        case ExternKind::Table: tables[t++] = import.table; break;
        case ExternKind::Memory: memories[mem++] = import.memory; break;
        case ExternKind::Global: globals[g++] = import.global; break;
        }
    }
    for (uint32_t type : m_defined_function_types)
        functions[f++] = type;
    for (const TableType& table : m_defined_tables)
        tables[t++] = table;
    for (const Limits& memory : m_defined_memories)
        memories[mem++] = memory;
    for (const Global& global : m.globals)
        globals[g++] = global.type;
    m.function_types = Span<const uint32_t>(functions.data(), functions.size());
    m.tables = Span<const TableType>(tables.data(), tables.size());
    m.memories = Span<const Limits>(memories.data(), memories.size());
    m.global_types = Span<const GlobalType>(globals.data(), globals.size());
    return {};
}

} // namespace

Result<Module> decode_module(Bytes bytes, Arena& arena, Diagnostic* diagnostic) {
    if (diagnostic)
        *diagnostic = Diagnostic{};
    Decoder decoder(bytes, arena, diagnostic);
    return decoder.decode();
}

const char* val_type_name(ValType type) {
    switch (type) {
    case ValType::Unknown: return "unknown";
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
    }
    return "invalid";
}

} // namespace mica::wasm
