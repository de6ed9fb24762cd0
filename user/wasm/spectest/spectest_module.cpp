#include "spectest_module.h"

namespace mica::wasm::spectest {

namespace {

const ValType kI32[] = {ValType::I32};
const ValType kI64[] = {ValType::I64};
const ValType kF32[] = {ValType::F32};
const ValType kF64[] = {ValType::F64};
const ValType kI32F32[] = {ValType::I32, ValType::F32};
const ValType kF64F64[] = {ValType::F64, ValType::F64};

const FuncType kPrint{};
const FuncType kPrintI32{Span<const ValType>(kI32), {}};
const FuncType kPrintI64{Span<const ValType>(kI64), {}};
const FuncType kPrintF32{Span<const ValType>(kF32), {}};
const FuncType kPrintF64{Span<const ValType>(kF64), {}};
const FuncType kPrintI32F32{Span<const ValType>(kI32F32), {}};
const FuncType kPrintF64F64{Span<const ValType>(kF64F64), {}};

} // namespace

bool SpectestModule::create(Store& store) {
    struct FunctionExport {
        const char* name;
        const FuncType* type;
    };
    const FunctionExport functions[] = {
        {"print", &kPrint},
        {"print_i32", &kPrintI32},
        {"print_i64", &kPrintI64},
        {"print_f32", &kPrintF32},
        {"print_f64", &kPrintF64},
        {"print_i32_f32", &kPrintI32F32},
        {"print_f64_f64", &kPrintF64F64},
    };
    for (const FunctionExport& f : functions) {
        auto function = store.create_host_function(*f.type, m_print);
        if (function.is_error())
            return false;
        m_entries[m_count++] = {f.name, ExternValue::of(function.value())};
    }
    struct GlobalExport {
        const char* name;
        ValType type;
        uint64_t bits;
    };
    const GlobalExport globals[] = {
        {"global_i32", ValType::I32, 666},
        {"global_i64", ValType::I64, 666},
        {"global_f32", ValType::F32, __builtin_bit_cast(uint32_t, 666.6f)},
        {"global_f64", ValType::F64, __builtin_bit_cast(uint64_t, 666.6)},
    };
    for (const GlobalExport& g : globals) {
        auto global = store.create_global(GlobalType{g.type, false}, Value::from_i64(g.bits));
        if (global.is_error())
            return false;
        m_entries[m_count++] = {g.name, ExternValue::of(global.value())};
    }
    TableType table_type{ValType::FuncRef, Limits{10, 20, true}};
    auto table = store.create_table(table_type);
    auto memory = store.create_memory(Limits{1, 2, true});
    if (table.is_error() || memory.is_error())
        return false;
    m_entries[m_count++] = {"table", ExternValue::of(table.value())};
    m_entries[m_count++] = {"memory", ExternValue::of(memory.value())};
    return true;
}

bool SpectestModule::find(const std::string& name, ExternValue& out) const {
    for (size_t i = 0; i < m_count; ++i) {
        if (m_entries[i].name == name) {
            out = m_entries[i].value;
            return true;
        }
    }
    return false;
}

} // namespace mica::wasm::spectest
