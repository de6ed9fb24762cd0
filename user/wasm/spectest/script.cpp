#include "script.h"

#include "host_allocator.h"
#include "json.h"
#include "spectest_module.h"

#include <wasm/decoder.h>
#include <wasm/instance.h>
#include <wasm/validator.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

namespace mica::wasm::spectest {

namespace {

// A module as loaded from one .wasm file: its bytes and every structure built from them.
struct LoadedModule {
    explicit LoadedModule(Allocator& allocator) : compiled(allocator) {}
    std::vector<uint8_t> bytes;
    std::vector<uint8_t> arena_memory;
    std::unique_ptr<Arena> arena;
    Module module;
    CompiledModule compiled;
    Instance* instance = nullptr;
};

enum class LoadStage { Decode, Validate, Compile, Link, Trap, Done };

struct LoadOutcome {
    LoadStage stage = LoadStage::Done;
    std::string message;
};

// Bit patterns of the canonical NaNs and the quiet bit.
constexpr uint32_t kF32Canonical = 0x7fc00000, kF32Quiet = 0x00400000, kF32Exponent = 0x7f800000;
constexpr uint64_t kF64Canonical = 0x7ff8000000000000, kF64Quiet = 0x0008000000000000,
                   kF64Exponent = 0x7ff0000000000000;

// An externref as the scripts write it ("ref.extern N") becomes N + 1, keeping 0 for null.
uint64_t extern_ref(const std::string& text) {
    return text == "null" ? kNullRef : std::strtoull(text.c_str(), nullptr, 10) + 1;
}

class Script {
public:
    Script(const std::string& path, bool quiet)
        : m_path(path), m_quiet(quiet), m_store(m_allocator), m_machine(m_store) {
        size_t slash = path.find_last_of('/');
        m_directory = slash == std::string::npos ? "." : path.substr(0, slash);
    }

    ScriptResult run();

private:
    void pass() { ++m_result.passed; }
    void fail(int line, const std::string& why) {
        ++m_result.failed;
        if (!m_quiet)
            std::printf("  %s:%d: %s\n", m_path.c_str(), line, why.c_str());
    }
    void skip() { ++m_result.skipped; }

    std::unique_ptr<LoadedModule> load(const std::string& file, bool instantiate_it,
                                       LoadOutcome& outcome);
    bool resolve_import(const Import& import, ExternValue& out);
    Instance* instance_named(const std::string& name);
    // Runs an action; false with `why` set when it could not even start.
    bool perform(const Json& action, std::vector<Value>& results, std::vector<ValType>& types,
                 bool& trapped, Trap& trap, std::string& why);
    bool matches(const Json& expected, ValType type, Value value, std::string& why);
    void command(const Json& command);

    std::string m_path;
    std::string m_directory;
    bool m_quiet;
    HostAllocator m_allocator;
    Store m_store;
    Machine m_machine;
    SpectestModule m_spectest;
    std::vector<std::unique_ptr<LoadedModule>> m_modules;
    std::map<std::string, Instance*> m_named;      // $name from (module $name ...)
    std::map<std::string, Instance*> m_registered; // (register "name" ...)
    Instance* m_current = nullptr;
    ScriptResult m_result;
};

std::unique_ptr<LoadedModule> Script::load(const std::string& file, bool instantiate_it,
                                           LoadOutcome& outcome) {
    auto loaded = std::make_unique<LoadedModule>(m_allocator);
    std::ifstream input(m_directory + "/" + file, std::ios::binary);
    if (!input) {
        outcome = {LoadStage::Decode, "cannot read " + file};
        return nullptr;
    }
    loaded->bytes.assign(std::istreambuf_iterator<char>(input), {});
    Bytes bytes(loaded->bytes.data(), loaded->bytes.size());
    loaded->arena_memory.resize(decoder_arena_size(bytes.size()));
    loaded->arena =
        std::make_unique<Arena>(loaded->arena_memory.data(), loaded->arena_memory.size());
    Diagnostic diagnostic;
    char text[256];
    auto module = decode_module(bytes, *loaded->arena, &diagnostic);
    if (module.is_error()) {
        outcome = {LoadStage::Decode,
                   format_to_buffer(text, sizeof(text), "{}", diagnostic).data()};
        return nullptr;
    }
    loaded->module = module.value();
    std::vector<uint8_t> scratch_memory(validator_arena_size(loaded->module));
    Arena scratch(scratch_memory.data(), scratch_memory.size());
    auto valid = validate_module(loaded->module, scratch, &diagnostic);
    if (valid.is_error()) {
        outcome = {LoadStage::Validate,
                   format_to_buffer(text, sizeof(text), "{}", diagnostic).data()};
        return nullptr;
    }
    if (compile_module(loaded->module, loaded->compiled).is_error()) {
        outcome = {LoadStage::Compile, "compilation failed"};
        return nullptr;
    }
    if (!instantiate_it) {
        outcome = {LoadStage::Done, ""};
        return loaded;
    }
    std::vector<ExternValue> imports(loaded->module.imports.size());
    for (size_t i = 0; i < imports.size(); ++i) {
        if (!resolve_import(loaded->module.imports[i], imports[i])) {
            const Import& import = loaded->module.imports[i];
            outcome = {LoadStage::Link,
                       "unknown import " +
                           std::string(import.module.data(), import.module.length()) + "." +
                           std::string(import.name.data(), import.name.length())};
            return nullptr;
        }
    }
    InstantiateReport report;
    auto instance = instantiate(m_machine, loaded->module, loaded->compiled,
                                Span<const ExternValue>(imports.data(), imports.size()), &report);
    if (instance.is_error()) {
        bool trapped = instance.error() == Error::OutOfRange;
        outcome = {trapped ? LoadStage::Trap : LoadStage::Link,
                   report.reason ? report.reason : error_name(instance.error())};
        // A trapping instantiation may already have changed shared tables and memories, and
        // those may refer to its functions: keep it alive.
        m_modules.push_back(std::move(loaded));
        return nullptr;
    }
    loaded->instance = instance.value();
    outcome = {LoadStage::Done, ""};
    return loaded;
}

bool Script::resolve_import(const Import& import, ExternValue& out) {
    std::string module(import.module.data(), import.module.length());
    std::string name(import.name.data(), import.name.length());
    ExternValue value;
    if (module == "spectest") {
        if (!m_spectest.find(name, value))
            return false;
    } else {
        auto registered = m_registered.find(module);
        if (registered == m_registered.end() ||
            !registered->second->find_export(StringView(name.data(), name.size()), value))
            return false;
    }
    out = value;
    return true; // a kind or type mismatch is instantiate()'s to report
}

Instance* Script::instance_named(const std::string& name) {
    if (name.empty())
        return m_current;
    auto named = m_named.find(name);
    return named == m_named.end() ? nullptr : named->second;
}

bool Script::perform(const Json& action, std::vector<Value>& results, std::vector<ValType>& types,
                     bool& trapped, Trap& trap, std::string& why) {
    Instance* instance = instance_named(action.string("module"));
    if (!instance) {
        why = "no such module";
        return false;
    }
    std::string field = action.string("field");
    ExternValue value;
    if (!instance->find_export(StringView(field.data(), field.size()), value)) {
        why = "no export \"" + field + "\"";
        return false;
    }
    trapped = false;
    if (action.string("type") == "get") {
        if (value.kind != ExternKind::Global) {
            why = "export is not a global";
            return false;
        }
        results = {value.global->value};
        types = {value.global->type.type};
        return true;
    }
    if (value.kind != ExternKind::Function) {
        why = "export is not a function";
        return false;
    }
    std::vector<Value> args;
    if (const Json* list = action.find("args")) {
        for (const Json& arg : list->items) {
            std::string type = arg.string("type");
            std::string text = arg.string("value");
            if (type == "v128") {
                why = "v128";
                return false;
            }
            if (type == "externref")
                args.push_back(Value::from_ref(extern_ref(text)));
            else if (type == "funcref")
                args.push_back(Value::from_ref(kNullRef));
            else
                args.push_back(Value::from_i64(std::strtoull(text.c_str(), nullptr, 10)));
        }
    }
    const FuncType& type = *value.function->type;
    if (args.size() != type.params.size()) {
        why = "wrong number of arguments";
        return false;
    }
    results.assign(type.results.size(), Value::from_i64(0));
    types.assign(type.results.begin(), type.results.end());
    trapped = !m_machine.invoke(*value.function, Span<const Value>(args.data(), args.size()),
                                Span<Value>(results.data(), results.size()), trap);
    return true;
}

bool Script::matches(const Json& expected, ValType type, Value value, std::string& why) {
    std::string kind = expected.string("type");
    std::string text = expected.string("value");
    char buffer[128];
    bool ok = false;
    if (kind == "i32") {
        ok = value.u32 == uint32_t(std::strtoull(text.c_str(), nullptr, 10));
        std::snprintf(buffer, sizeof(buffer), "got i32 %" PRIu32 ", expected %s", value.u32,
                      text.c_str());
    } else if (kind == "i64") {
        ok = value.u64 == std::strtoull(text.c_str(), nullptr, 10);
        std::snprintf(buffer, sizeof(buffer), "got i64 %" PRIu64 ", expected %s", value.u64,
                      text.c_str());
    } else if (kind == "f32") {
        uint32_t bits = value.u32;
        bool nan = (bits & kF32Exponent) == kF32Exponent && (bits & 0x7fffff);
        if (text == "nan:canonical")
            ok = (bits & 0x7fffffff) == kF32Canonical;
        else if (text == "nan:arithmetic")
            ok = nan && (bits & kF32Quiet);
        else
            ok = bits == uint32_t(std::strtoull(text.c_str(), nullptr, 10));
        std::snprintf(buffer, sizeof(buffer), "got f32 bits %#" PRIx32 ", expected %s", bits,
                      text.c_str());
    } else if (kind == "f64") {
        uint64_t bits = value.u64;
        bool nan = (bits & kF64Exponent) == kF64Exponent && (bits & 0xfffffffffffff);
        if (text == "nan:canonical")
            ok = (bits & 0x7fffffffffffffff) == kF64Canonical;
        else if (text == "nan:arithmetic")
            ok = nan && (bits & kF64Quiet);
        else
            ok = bits == std::strtoull(text.c_str(), nullptr, 10);
        std::snprintf(buffer, sizeof(buffer), "got f64 bits %#" PRIx64 ", expected %s", bits,
                      text.c_str());
    } else if (kind == "externref") {
        ok = type == ValType::ExternRef && value.ref == extern_ref(text);
        std::snprintf(buffer, sizeof(buffer), "got externref %#" PRIx64 ", expected %s", value.ref,
                      text.c_str());
    } else if (kind == "funcref") {
        ok = type == ValType::FuncRef && (text == "null" ? value.ref == kNullRef : value.ref != 0);
        std::snprintf(buffer, sizeof(buffer), "got funcref %#" PRIx64 ", expected %s", value.ref,
                      text.c_str());
    } else {
        std::snprintf(buffer, sizeof(buffer), "unsupported expected type %s", kind.c_str());
    }
    if (!ok)
        why = buffer;
    return ok;
}

bool trap_text_matches(TrapKind kind, const std::string& expected) {
    std::string ours = trap_message(kind);
    if (expected.compare(0, ours.size(), ours) == 0 ||
        ours.compare(0, expected.size(), expected) == 0)
        return true;
    // Older scripts' wording for the same traps.
    if (kind == TrapKind::IndirectCallTypeMismatch &&
        expected == "indirect call signature mismatch")
        return true;
    if (kind == TrapKind::UninitializedElement && expected.compare(0, 13, "uninitialized") == 0)
        return true;
    if (kind == TrapKind::TableOutOfBounds && expected == "undefined element")
        return true;
    return false;
}

void Script::command(const Json& command) {
    std::string type = command.string("type");
    int line = std::atoi(command.string("line").c_str());
    if (type == "module") {
        LoadOutcome outcome;
        auto loaded = load(command.string("filename"), true, outcome);
        if (!loaded) {
            m_current = nullptr;
            fail(line, "module: " + outcome.message);
            return;
        }
        m_current = loaded->instance;
        std::string name = command.string("name");
        if (!name.empty())
            m_named[name] = m_current;
        m_modules.push_back(std::move(loaded));
        pass();
        return;
    }
    if (type == "register") {
        Instance* instance = instance_named(command.string("name"));
        if (instance)
            m_registered[command.string("as")] = instance;
        return;
    }
    if (type == "action" || type == "assert_return" || type == "assert_trap" ||
        type == "assert_exhaustion") {
        const Json* action = command.find("action");
        std::vector<Value> results;
        std::vector<ValType> types;
        bool trapped = false;
        Trap trap;
        std::string why;
        if (!action || !perform(*action, results, types, trapped, trap, why)) {
            if (why == "v128") {
                skip();
                return;
            }
            fail(line, type + ": " + why);
            return;
        }
        char text[160];
        std::string trap_text = format_to_buffer(text, sizeof(text), "{}", trap).data();
        if (type == "assert_trap" || type == "assert_exhaustion") {
            std::string expected = command.string("text");
            if (!trapped)
                fail(line, type + ": returned instead of trapping with \"" + expected + "\"");
            else if (type == "assert_exhaustion" && trap.kind != TrapKind::CallStackExhausted)
                fail(line, "assert_exhaustion: trapped with " + trap_text);
            else if (type == "assert_trap" && !trap_text_matches(trap.kind, expected))
                fail(line, "assert_trap: expected \"" + expected + "\", trapped with " + trap_text);
            else
                pass();
            return;
        }
        if (trapped) {
            fail(line, type + ": trapped: " + trap_text);
            return;
        }
        if (const Json* expected = command.find("expected")) {
            if (expected->items.size() != results.size()) {
                fail(line, type + ": wrong number of results");
                return;
            }
            for (size_t i = 0; i < results.size(); ++i) {
                if (expected->items[i].string("type") == "v128") {
                    skip();
                    return;
                }
                if (!matches(expected->items[i], types[i], results[i], why)) {
                    fail(line, type + " \"" + action->string("field") + "\": " + why);
                    return;
                }
            }
        }
        pass();
        return;
    }
    if (type == "assert_invalid" || type == "assert_malformed" || type == "assert_uninstantiable" ||
        type == "assert_unlinkable") {
        if (command.string("module_type") == "text") {
            skip();
            return;
        }
        bool link = type == "assert_uninstantiable" || type == "assert_unlinkable";
        LoadOutcome outcome;
        auto loaded = load(command.string("filename"), link, outcome);
        if (loaded) {
            // Instantiated after all: keep it (it may have been linked to).
            m_modules.push_back(std::move(loaded));
        }
        LoadStage wanted = type == "assert_malformed"        ? LoadStage::Decode
                           : type == "assert_invalid"        ? LoadStage::Validate
                           : type == "assert_uninstantiable" ? LoadStage::Trap
                                                             : LoadStage::Link;
        bool ok = outcome.stage == wanted;
        // The binary format's rules and validation overlap: some malformations only show
        // while decoding a function body, which the validator does.
        if (type == "assert_malformed" && outcome.stage == LoadStage::Validate)
            ok = true;
        if (type == "assert_invalid" && outcome.stage == LoadStage::Decode)
            ok = true;
        if (ok)
            pass();
        else
            fail(line, type + " (" + command.string("text") + "): " +
                           (outcome.stage == LoadStage::Done ? "accepted" : outcome.message));
        return;
    }
    skip();
}

ScriptResult Script::run() {
    std::ifstream input(m_path);
    std::stringstream buffer;
    buffer << input.rdbuf();
    Json script;
    std::string error;
    if (!input || !parse_json(buffer.str(), script, error)) {
        fail(0, input ? error : "cannot read the script");
        return m_result;
    }
    if (!m_spectest.create(m_store)) {
        fail(0, "out of memory creating the spectest module");
        return m_result;
    }
    if (const Json* commands = script.find("commands")) {
        for (const Json& item : commands->items)
            command(item);
    }
    return m_result;
}

} // namespace

ScriptResult run_script(const std::string& json_path, bool quiet) {
    Script script(json_path, quiet);
    return script.run();
}

} // namespace mica::wasm::spectest
