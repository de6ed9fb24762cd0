#include <wasm/wasi/calls.h>
#include <wasm/wasi/wasi.h>

namespace mica::wasm::wasi {

namespace {

constexpr StringView kModuleName = "wasi_snapshot_preview1";

constexpr CallInfo kCalls[] = {
    {"args_get", "ii", true, calls::args_get},
    {"args_sizes_get", "ii", true, calls::args_sizes_get},
    {"environ_get", "ii", true, calls::environ_get},
    {"environ_sizes_get", "ii", true, calls::environ_sizes_get},
    {"clock_res_get", "ii", true, calls::clock_res_get},
    {"clock_time_get", "iIi", true, calls::clock_time_get},
    {"random_get", "ii", true, calls::random_get},
    {"sched_yield", "", true, calls::sched_yield},
    {"proc_exit", "i", false, calls::proc_exit},
    {"poll_oneoff", "iiii", true, calls::poll_oneoff},
    {"fd_close", "i", true, calls::fd_close},
    {"fd_fdstat_get", "ii", true, calls::fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", true, calls::fd_fdstat_set_flags},
    {"fd_filestat_get", "ii", true, calls::fd_filestat_get},
    {"fd_prestat_get", "ii", true, calls::fd_prestat_get},
    {"fd_prestat_dir_name", "iii", true, calls::fd_prestat_dir_name},
    {"fd_read", "iiii", true, calls::fd_read},
    {"fd_write", "iiii", true, calls::fd_write},
    {"fd_pread", "iiiIi", true, calls::fd_pread},
    {"fd_pwrite", "iiiIi", true, calls::fd_pwrite},
    {"fd_readdir", "iiiIi", true, calls::fd_readdir},
    {"fd_seek", "iIii", true, calls::fd_seek},
    {"fd_tell", "ii", true, calls::fd_tell},
    {"path_open", "iiiiiIIii", true, calls::path_open},
    {"path_filestat_get", "iiiii", true, calls::path_filestat_get},
    {"path_create_directory", "iii", true, calls::path_create_directory},
    {"path_remove_directory", "iii", true, calls::path_remove_directory},
    {"path_unlink_file", "iii", true, calls::path_unlink_file},
    {"path_rename", "iiiiii", true, calls::path_rename},
};

bool signature_matches(const FuncType& type, const CallInfo& info) {
    StringView params(info.params);
    if (type.params.size() != params.length())
        return false;
    for (size_t i = 0; i < params.length(); ++i) {
        ValType expected = params[i] == 'I' ? ValType::I64 : ValType::I32;
        if (type.params[i] != expected)
            return false;
    }
    if (!info.returns_errno)
        return type.results.size() == 0;
    return type.results.size() == 1 && type.results[0] == ValType::I32;
}

const CallInfo* find_call(StringView name) {
    for (const CallInfo& info : kCalls) {
        if (name == StringView(info.name))
            return &info;
    }
    return nullptr;
}

} // namespace

Span<const CallInfo> implemented_calls() {
    return Span<const CallInfo>(kCalls, sizeof kCalls / sizeof kCalls[0]);
}

void format_value(FormatSink& sink, const LinkError& error) {
    format(sink, "import {}.{}: {}", error.module, error.name, error.reason);
}

Wasi::Wasi(WasiHost& host, const WasiConfig& config) : m_host(host), m_config(config) {
    static_assert(sizeof kCalls / sizeof kCalls[0] <= kMaxFunctions);
    for (uint32_t i = 0; i < 3; ++i) {
        uint32_t fd = 0;
        Descriptor* stream = m_descriptors.allocate(fd);
        stream->kind = DescriptorKind::Stream;
        stream->stream = Stream(fd);
        stream->rights =
            fd == 0 ? rights::kStream & ~rights::kFdWrite : rights::kStream & ~rights::kFdRead;
    }
    for (uint32_t i = 0; i < config.preopens.size(); ++i) {
        uint32_t fd = 0;
        Descriptor* directory = m_descriptors.allocate(fd);
        if (!directory)
            break; // more preopens than descriptors: the rest are not reachable
        directory->kind = DescriptorKind::Directory;
        directory->is_preopen = true;
        directory->preopen = i;
        directory->rights = rights::kDirectory;
        directory->inheriting = rights::kAll;
    }
}

Result<void> Wasi::link(Store& store, const Module& module, Span<ExternValue> imports,
                        LinkError* error) {
    for (size_t i = 0; i < module.imports.size(); ++i) {
        const Import& import = module.imports[i];
        LinkError failure{import.module, import.name, nullptr};
        const CallInfo* info = nullptr;
        if (import.module != kModuleName)
            failure.reason = "only wasi_snapshot_preview1 is provided";
        else if (import.kind != ExternKind::Function)
            failure.reason = "not a function";
        else if (!(info = find_call(import.name)))
            failure.reason = "this WASI function is not implemented";
        else if (!signature_matches(module.types[import.type_index], *info))
            failure.reason = "declared with the wrong type";
        if (failure.reason) {
            if (error)
                *error = failure;
            return Error::InvalidArgument;
        }
        Function& function = m_functions[info - kCalls];
        function.wasi = this;
        function.info = info;
        FunctionInstance* instance =
            TRY(store.create_host_function(module.types[import.type_index], function));
        imports[i] = ExternValue::of(instance);
    }
    return {};
}

HostResult Wasi::Function::call(const HostCall& call, Span<Value> values) {
    GuestMemory memory(call.memory);
    Errno result = info->handler(*wasi, memory, values);
    if (wasi->exited())
        return HostResult{TrapKind::Host, wasi->exit_code()};
    if (info->returns_errno)
        values[0] = Value::from_i32(uint32_t(result));
    return {};
}

} // namespace mica::wasm::wasi
