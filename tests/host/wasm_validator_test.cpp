// Tests of the WebAssembly validator (user/wasm/validator): modules written by Debian's wabt
// from data/wasm/*.wat (valid ones, and invalid_*.wat built with --no-check, one rule broken
// each), a C program built by clang-16 for wasm32 (wasm_data.cmake), and hand-assembled bodies
// for what the text format cannot express.

#include <wasm/decoder.h>
#include <wasm/validator.h>

#include "test_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace mica::wasm {
namespace {

using ByteVector = std::vector<uint8_t>;

ByteVector load_file(const std::string& name) { return test::read_file(MICA_WASM_DATA_DIR, name); }

struct Outcome {
    bool decoded = false;
    bool valid = false;
    Error error = Error::InvalidArgument;
    std::string message;
    uint32_t function = Diagnostic::kNoFunction;
};

// Decodes and validates, returning where and why it stopped.
Outcome check(const ByteVector& bytes) {
    std::vector<uint8_t> arena_buffer(decoder_arena_size(bytes.size()));
    Arena arena(arena_buffer.data(), arena_buffer.size());
    Diagnostic diagnostic;
    Outcome outcome;
    char text[256];
    auto module = decode_module(Bytes(bytes.data(), bytes.size()), arena, &diagnostic);
    if (module.is_error()) {
        outcome.error = module.error();
        outcome.message =
            std::string(format_to_buffer(text, sizeof(text), "{}", diagnostic).data());
        return outcome;
    }
    outcome.decoded = true;
    std::vector<uint8_t> scratch_buffer(validator_arena_size(module.value()));
    Arena scratch(scratch_buffer.data(), scratch_buffer.size());
    auto valid = validate_module(module.value(), scratch, &diagnostic);
    if (valid.is_error()) {
        outcome.error = valid.error();
        outcome.function = diagnostic.function;
        outcome.message =
            std::string(format_to_buffer(text, sizeof(text), "{}", diagnostic).data());
        return outcome;
    }
    outcome.valid = true;
    return outcome;
}

// A module of one function [] -> [] (or of `type` given as the type section's one entry) with
// the given locals and body.
ByteVector one_function(ByteVector code, ByteVector type = {0x60, 0x00, 0x00},
                        ByteVector extra_sections = {}) {
    ByteVector bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    auto add_section = [&](uint8_t id, ByteVector content) {
        bytes.push_back(id);
        bytes.push_back(uint8_t(content.size()));
        bytes.insert(bytes.end(), content.begin(), content.end());
    };
    ByteVector types{0x01};
    types.insert(types.end(), type.begin(), type.end());
    add_section(1, types);
    add_section(3, {0x01, 0x00});
    bytes.insert(bytes.end(), extra_sections.begin(), extra_sections.end());
    ByteVector body{0x00}; // no locals
    body.insert(body.end(), code.begin(), code.end());
    ByteVector code_section{0x01, uint8_t(body.size())};
    code_section.insert(code_section.end(), body.begin(), body.end());
    add_section(10, code_section);
    return bytes;
}

TEST(WasmValidator, AllSectionKinds) {
    ByteVector bytes = load_file("all_sections.wasm");
    ASSERT_FALSE(bytes.empty());
    Outcome outcome = check(bytes);
    EXPECT_TRUE(outcome.valid) << outcome.message;
}

TEST(WasmValidator, ClangFeatures) {
    ByteVector bytes = load_file("features.wasm");
    ASSERT_FALSE(bytes.empty());
    Outcome outcome = check(bytes);
    EXPECT_TRUE(outcome.valid) << outcome.message;
}

TEST(WasmValidator, ClangBuiltProgram) {
    ByteVector bytes = load_file("program.wasm");
    ASSERT_FALSE(bytes.empty());
    Outcome outcome = check(bytes);
    EXPECT_TRUE(outcome.valid) << outcome.message;
}

struct InvalidCase {
    const char* file;
    const char* message_part;
    uint32_t function;
};

TEST(WasmValidator, InvalidModulesFromWat) {
    const InvalidCase kCases[] = {
        {"invalid_type_mismatch.wasm", "type mismatch: expected i32", 0},
        {"invalid_immutable_global_set.wasm", "global is immutable", 0},
        {"invalid_bad_alignment.wasm", "alignment must not be larger than natural", 0},
        {"invalid_missing_memory.wasm", "unknown memory 0", 0},
        {"invalid_missing_label.wasm", "unknown label", 0},
        {"invalid_duplicate_export.wasm", "export section, offset 0x19: duplicate export name",
         Diagnostic::kNoFunction},
        {"invalid_bad_start.wasm", "start function must have type [] -> []",
         Diagnostic::kNoFunction},
    };
    for (const InvalidCase& c : kCases) {
        ByteVector bytes = load_file(c.file);
        ASSERT_FALSE(bytes.empty()) << c.file;
        Outcome outcome = check(bytes);
        EXPECT_TRUE(outcome.decoded) << c.file << ": " << outcome.message;
        EXPECT_FALSE(outcome.valid) << c.file;
        EXPECT_EQ(outcome.error, Error::InvalidArgument) << c.file;
        EXPECT_NE(outcome.message.find(c.message_part), std::string::npos)
            << c.file << ": " << outcome.message;
        EXPECT_EQ(outcome.function, c.function) << c.file;
    }
}

TEST(WasmValidator, MessageNamesFunctionAndOffset) {
    // i64.const 1 where the function returns i32: the final end finds the wrong type.
    Outcome outcome = check(one_function({0x42, 0x01, 0x0b}, {0x60, 0x00, 0x01, 0x7f}));
    EXPECT_EQ(outcome.message, "function 0, offset 0x1a: type mismatch: expected i32");
}

TEST(WasmValidator, Bodies) {
    struct Case {
        const char* name;
        ByteVector code;
        const char* message_part; // nullptr: valid
    };
    const Case kCases[] = {
        {"empty", {0x0b}, nullptr},
        {"nested blocks", {0x02, 0x40, 0x03, 0x40, 0x0b, 0x0b, 0x0b}, nullptr},
        {"unbalanced block", {0x02, 0x40, 0x0b}, "unexpected end of function body"},
        {"end after end", {0x0b, 0x0b}, "instructions after the function's final end"},
        {"else without if", {0x05, 0x0b}, "else without a matching if"},
        {"value left over", {0x41, 0x00, 0x0b}, "values left on the stack"},
        {"underflow", {0x1a, 0x0b}, "operand stack underflow"},
        {"br to missing label", {0x0c, 0x01, 0x0b}, "unknown label"},
        {"br_if needs i32", {0x02, 0x40, 0x42, 0x00, 0x0d, 0x00, 0x0b, 0x0b}, "expected i32"},
        {"unreachable is polymorphic", {0x00, 0x6a, 0x1a, 0x0b}, nullptr},
        {"unreachable still checks types", {0x00, 0x42, 0x00, 0x6a, 0x0b}, "expected i32"},
        {"br_table arity",
         {0x02, 0x7f, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x00, 0x0b, 0x1a,
          0x0b},
         "different arity"},
        {"if without else keeps types",
         {0x41, 0x01, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x1a, 0x0b},
         "if without else"},
        {"unknown opcode", {0x06, 0x0b}, "illegal opcode"},
        {"unknown 0xfc opcode", {0xfc, 0x12, 0x0b}, "illegal opcode (0xfc prefix)"},
        {"memory.init needs data count",
         {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b},
         "data count section required"},
        {"unknown local", {0x20, 0x00, 0x1a, 0x0b}, "unknown local"},
        {"unknown function", {0x10, 0x05, 0x0b}, "unknown function"},
        {"call_indirect needs a table", {0x41, 0x00, 0x11, 0x00, 0x00, 0x0b}, "unknown table"},
        {"select type mismatch",
         {0x41, 0x00, 0x42, 0x00, 0x41, 0x01, 0x1b, 0x1a, 0x0b},
         "select operands differ"},
        {"return checks results", {0x0f, 0x0b}, nullptr},
        {"undeclared ref.func", {0xd2, 0x00, 0x1a, 0x0b}, "undeclared function reference"},
        {"sign extension", {0x41, 0x00, 0xc0, 0xc1, 0x1a, 0x0b}, nullptr},
        {"trunc_sat", {0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x1a, 0x0b}, nullptr},
        {"trunc_sat wrong input", {0x41, 0x00, 0xfc, 0x00, 0x1a, 0x0b}, "expected f32"},
    };
    for (const Case& c : kCases) {
        Outcome outcome = check(one_function(c.code));
        if (!c.message_part) {
            EXPECT_TRUE(outcome.valid) << c.name << ": " << outcome.message;
            continue;
        }
        EXPECT_FALSE(outcome.valid) << c.name;
        EXPECT_EQ(outcome.function, 0u) << c.name;
        EXPECT_NE(outcome.message.find(c.message_part), std::string::npos)
            << c.name << ": " << outcome.message;
    }
}

TEST(WasmValidator, MultiValueBlockTypes) {
    // Type 0: [] -> []; type 1: [i32] -> [i32 i32]. A block of type 1 fed one i32.
    ByteVector bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00,
                     0x00, 0x60, 0x01, 0x7f, 0x02, 0x7f, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d,
                     0x01, 0x0b, 0x00, 0x41, 0x07, 0x02, 0x01, 0x41, 0x08, 0x0b, 0x1a, 0x1a, 0x0b};
    Outcome outcome = check(bytes);
    EXPECT_TRUE(outcome.valid) << outcome.message;
    // Type index 2 does not exist.
    bytes[32] = 0x02;
    outcome = check(bytes);
    EXPECT_NE(outcome.message.find("unknown type"), std::string::npos) << outcome.message;
}

TEST(WasmValidator, ModuleRules) {
    // A global initialised from a mutable imported global is not constant.
    ByteVector bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01, 0x01, 'e',
                     0x01, 'g',  0x03, 0x7f, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b};
    Outcome outcome = check(bytes);
    EXPECT_NE(outcome.message.find("global is mutable"), std::string::npos) << outcome.message;
    bytes[17] = 0x00; // immutable: fine
    EXPECT_TRUE(check(bytes).valid);
    bytes[21] = 0x7e; // i64 global from an i32 one
    outcome = check(bytes);
    EXPECT_NE(outcome.message.find("type mismatch in constant expression"), std::string::npos)
        << outcome.message;

    // Two memories.
    ByteVector memories{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                        0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01};
    outcome = check(memories);
    EXPECT_NE(outcome.message.find("multiple memories"), std::string::npos) << outcome.message;

    // A data segment with no memory.
    ByteVector data{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                    0x0b, 0x06, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x00};
    outcome = check(data);
    EXPECT_EQ(outcome.message, "data section, offset 0xb: unknown memory");
}

TEST(WasmValidator, StackLimitsAreErrorsNotCrashes) {
    // 300 nested blocks against a control stack of 16.
    ByteVector code;
    for (int i = 0; i < 300; ++i) {
        code.push_back(0x02);
        code.push_back(0x40);
    }
    for (int i = 0; i <= 300; ++i)
        code.push_back(0x0b);
    ByteVector body{0x00};
    body.insert(body.end(), code.begin(), code.end());
    ByteVector bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04,
                     0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a};
    // Section size, count, body size as LEB128.
    size_t body_size = body.size();
    size_t section_size = 1 + 2 + body_size;
    bytes.push_back(uint8_t(0x80 | (section_size & 0x7f)));
    bytes.push_back(uint8_t(section_size >> 7));
    bytes.push_back(0x01);
    bytes.push_back(uint8_t(0x80 | (body_size & 0x7f)));
    bytes.push_back(uint8_t(body_size >> 7));
    bytes.insert(bytes.end(), body.begin(), body.end());

    std::vector<uint8_t> arena_buffer(decoder_arena_size(bytes.size()));
    Arena arena(arena_buffer.data(), arena_buffer.size());
    Diagnostic diagnostic;
    auto module = decode_module(Bytes(bytes.data(), bytes.size()), arena, &diagnostic);
    ASSERT_TRUE(module.is_ok());
    ValidatorLimits limits{.max_operand_depth = 16, .max_control_depth = 16};
    std::vector<uint8_t> scratch_buffer(validator_arena_size(module.value(), limits));
    Arena scratch(scratch_buffer.data(), scratch_buffer.size());
    EXPECT_EQ(validate_module(module.value(), scratch, &diagnostic, limits).error(), Error::Full);
    Arena big(arena_buffer.data(), arena_buffer.size()); // the default limits suffice
    std::vector<uint8_t> default_scratch(validator_arena_size(module.value()));
    Arena roomy(default_scratch.data(), default_scratch.size());
    EXPECT_TRUE(validate_module(module.value(), roomy, &diagnostic).is_ok());
}

} // namespace
} // namespace mica::wasm
