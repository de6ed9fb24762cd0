// Tests of the WebAssembly compiler and interpreter (user/wasm) that the .wast scripts in
// tests/wasm cannot express: the shape of the code the translation produces, trap reports
// (function index and module offset), fuel, host functions and their traps, and allocation
// failures. Modules are hand-assembled: one function, exported as "f".

#include <wasm/decoder.h>
#include <wasm/instance.h>
#include <wasm/validator.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace mica::wasm {
namespace {

using ByteVector = std::vector<uint8_t>;

class TestAllocator final : public Allocator {
public:
    void* allocate(size_t size, size_t alignment) override {
        if (fail_after >= 0 && allocations++ >= fail_after)
            return nullptr;
        void* pointer = nullptr;
        return posix_memalign(&pointer, alignment < 8 ? 8 : alignment, size ? size : 1) == 0
                   ? pointer
                   : nullptr;
    }
    void deallocate(void* pointer, size_t) override { free(pointer); }
    long fail_after = -1; // allocations that succeed before every later one fails
    long allocations = 0;
};

void append_section(ByteVector& bytes, uint8_t id, const ByteVector& content) {
    bytes.push_back(id);
    bytes.push_back(uint8_t(content.size())); // tests keep sections under 128 bytes
    bytes.insert(bytes.end(), content.begin(), content.end());
}

// A module whose function 0 (of `type`, e.g. {0x60, 0, 0}) has `locals` and `code` and is
// exported as "f"; `imports` is the import section's content (their types follow `type`).
ByteVector module_with(ByteVector type, ByteVector locals, ByteVector code,
                       ByteVector extra_types = {}, ByteVector imports = {}) {
    ByteVector bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    ByteVector types{uint8_t(extra_types.empty() ? 1 : 2)};
    types.insert(types.end(), type.begin(), type.end());
    types.insert(types.end(), extra_types.begin(), extra_types.end());
    append_section(bytes, 1, types);
    if (!imports.empty())
        append_section(bytes, 2, imports);
    append_section(bytes, 3, {0x01, 0x00});
    uint8_t function_index = imports.empty() ? 0 : imports[0]; // one function import at most
    append_section(bytes, 7, {0x01, 0x01, 'f', 0x00, function_index});
    ByteVector body = locals.empty() ? ByteVector{0x00} : locals;
    body.insert(body.end(), code.begin(), code.end());
    ByteVector section{0x01, uint8_t(body.size())};
    section.insert(section.end(), body.begin(), body.end());
    append_section(bytes, 10, section);
    return bytes;
}

// Decodes, validates, compiles and instantiates one module.
struct Loaded {
    explicit Loaded(ByteVector module_bytes, CompileOptions options = {},
                    std::vector<ExternValue> imports = {})
        : bytes(std::move(module_bytes)), arena_memory(decoder_arena_size(bytes.size())),
          arena(arena_memory.data(), arena_memory.size()), compiled(allocator), store(allocator),
          machine(store) {
        auto decoded = decode_module(Bytes(bytes.data(), bytes.size()), arena);
        EXPECT_TRUE(decoded.is_ok());
        if (decoded.is_error())
            return;
        module = decoded.value();
        std::vector<uint8_t> scratch_memory(validator_arena_size(module));
        Arena scratch(scratch_memory.data(), scratch_memory.size());
        Diagnostic why;
        auto valid = validate_module(module, scratch, &why);
        EXPECT_TRUE(valid.is_ok()) << why.reason;
        if (valid.is_error())
            return;
        EXPECT_TRUE(compile_module(module, compiled, options).is_ok());
        auto made = instantiate(machine, module, compiled,
                                Span<const ExternValue>(imports.data(), imports.size()));
        EXPECT_TRUE(made.is_ok());
        if (made.is_ok())
            instance = made.value();
    }
    const FunctionInstance& f() const {
        ExternValue value;
        EXPECT_TRUE(instance->find_export("f", value));
        return *value.function;
    }

    TestAllocator allocator;
    ByteVector bytes;
    std::vector<uint8_t> arena_memory;
    Arena arena;
    Module module;
    CompiledModule compiled;
    Store store;
    Machine machine;
    Instance* instance = nullptr;
};

const ByteVector kI32I32ToI32{0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f};

TEST(WasmCompiler, FoldsLocalsIntoOneInstruction) {
    // local.get 0, local.get 1, i32.add, local.set 2, local.get 2: one add that reads the
    // parameters and writes the local, a copy of the result into slot 0 and return.
    Loaded loaded(module_with(kI32I32ToI32, {0x01, 0x01, 0x7f},
                              {0x20, 0x00, 0x20, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x02, 0x0b}));
    ASSERT_NE(loaded.instance, nullptr);
    EXPECT_EQ(loaded.compiled.function(0).code.size(), 3u + 2u + 1u);
    EXPECT_EQ(loaded.compiled.function(0).frame_size, 3u + 2u);
    Value args[] = {Value::from_i32(40), Value::from_i32(2)}, result[1];
    Trap trap;
    ASSERT_TRUE(loaded.machine.invoke(loaded.f(), args, result, trap));
    EXPECT_EQ(result[0].u32, 42u);
}

TEST(WasmCompiler, FusesCompareAndBranch) {
    // loop: local.get 0, i32.const 1, i32.sub, local.tee 0, i32.const 0, i32.gt_s, br_if 0
    // end, local.get 0: the loop is a subtract and one compare-and-branch with an immediate.
    Loaded loaded(module_with({0x60, 0x01, 0x7f, 0x01, 0x7f}, {},
                              {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x41, 0x00,
                               0x4a, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b}));
    ASSERT_NE(loaded.instance, nullptr);
    EXPECT_EQ(loaded.compiled.function(0).code.size(), 3u + 3u + 1u);
    Value args[] = {Value::from_i32(1000)}, result[1];
    Trap trap;
    ASSERT_TRUE(loaded.machine.invoke(loaded.f(), args, result, trap));
    EXPECT_EQ(result[0].i32, 0);
}

TEST(WasmInterpreter, TrapReportsFunctionAndOffset) {
    // i32.const 1, i32.const 0, i32.div_s, drop
    ByteVector bytes =
        module_with({0x60, 0x00, 0x00}, {}, {0x41, 0x01, 0x41, 0x00, 0x6d, 0x1a, 0x0b});
    size_t div_offset = bytes.size() - 3;
    Loaded loaded(bytes);
    ASSERT_NE(loaded.instance, nullptr);
    Trap trap;
    EXPECT_FALSE(loaded.machine.invoke(loaded.f(), {}, {}, trap));
    EXPECT_EQ(trap.kind, TrapKind::IntegerDivideByZero);
    EXPECT_EQ(trap.function, 0u);
    EXPECT_EQ(trap.offset, div_offset);
    char text[128];
    EXPECT_STREQ(format_to_buffer(text, sizeof(text), "{}", trap).data(),
                 ("integer divide by zero in function 0 at offset 0x" +
                  std::string(1, "0123456789abcdef"[div_offset >> 4]) +
                  std::string(1, "0123456789abcdef"[div_offset & 15]))
                     .c_str());
}

TEST(WasmInterpreter, FuelEndsAnEndlessLoop) {
    Loaded loaded(module_with({0x60, 0x00, 0x00}, {}, {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b}),
                  CompileOptions{.metering = true});
    ASSERT_NE(loaded.instance, nullptr);
    loaded.machine.set_fuel(1000);
    Trap trap;
    EXPECT_FALSE(loaded.machine.invoke(loaded.f(), {}, {}, trap));
    EXPECT_EQ(trap.kind, TrapKind::OutOfFuel);
    EXPECT_LT(loaded.machine.fuel(), 0);
}

struct Doubler final : HostFunction {
    HostResult call(const HostCall& call, Span<Value> values) override {
        caller = call.caller;
        if (values[0].i32 < 0)
            return {TrapKind::Host, 77};
        values[0] = Value::from_i32(values[0].u32 * 2);
        return {};
    }
    Instance* caller = nullptr;
};

TEST(WasmInterpreter, HostFunctionsReturnAndTrap) {
    // (import "host" "double" (func (param i32) (result i32))), f calls it with its argument.
    static const ValType kI32[] = {ValType::I32};
    static const FuncType kType{Span<const ValType>(kI32), Span<const ValType>(kI32)};
    TestAllocator allocator;
    Store store(allocator);
    Doubler doubler;
    FunctionInstance* host = store.create_host_function(kType, doubler).value();
    ByteVector imports{0x01, 0x04, 'h', 'o', 's', 't',  0x06, 'd',
                       'o',  'u',  'b', 'l', 'e', 0x00, 0x01};
    ByteVector bytes =
        module_with({0x60, 0x01, 0x7f, 0x01, 0x7f}, {}, {0x20, 0x00, 0x10, 0x00, 0x0b},
                    {0x60, 0x01, 0x7f, 0x01, 0x7f}, imports);
    // The export names function 1 (after the import).
    Loaded loaded(bytes, {}, {ExternValue::of(host)});
    ASSERT_NE(loaded.instance, nullptr);
    Value args[] = {Value::from_i32(21)}, result[1];
    Trap trap;
    ASSERT_TRUE(loaded.machine.invoke(loaded.f(), args, result, trap));
    EXPECT_EQ(result[0].u32, 42u);
    EXPECT_EQ(doubler.caller, loaded.instance);
    args[0] = Value::from_i32(uint32_t(-1));
    EXPECT_FALSE(loaded.machine.invoke(loaded.f(), args, result, trap));
    EXPECT_EQ(trap.kind, TrapKind::Host);
    EXPECT_EQ(trap.host_code, 77u);
    EXPECT_EQ(trap.function, 1u);
}

TEST(WasmInterpreter, AllocationFailuresAreErrors) {
    ByteVector bytes = module_with({0x60, 0x00, 0x00}, {}, {0x0b});
    std::vector<uint8_t> arena_memory(decoder_arena_size(bytes.size()));
    Arena arena(arena_memory.data(), arena_memory.size());
    Module module = decode_module(Bytes(bytes.data(), bytes.size()), arena).value();
    for (long budget = 0; budget < 3; ++budget) {
        TestAllocator allocator;
        allocator.fail_after = budget;
        CompiledModule compiled(allocator);
        auto done = compile_module(module, compiled);
        if (done.is_error()) {
            EXPECT_EQ(done.error(), Error::NoMemory);
            continue;
        }
        Store store(allocator);
        Machine machine(store);
        auto instance = instantiate(machine, module, compiled, {});
        if (instance.is_error()) {
            EXPECT_EQ(instance.error(), Error::NoMemory);
            continue;
        }
        Trap trap;
        EXPECT_FALSE(machine.invoke(*instance.value()->functions[0], {}, {}, trap));
        EXPECT_EQ(trap.kind, TrapKind::NoMemory);
    }
}

} // namespace
} // namespace mica::wasm
