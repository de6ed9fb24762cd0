// Tests of the WebAssembly decoder (user/wasm/decoder, reader): LEB128 edge cases, the header,
// section order and sizes, and every section kind, with hand-assembled modules broken in one
// way each. Modules written by wat2wasm and clang are in wasm_validator_test.cpp.

#include <wasm/decoder.h>
#include <wasm/reader.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mica::wasm {
namespace {

using ByteVector = std::vector<uint8_t>;

ByteVector section(uint8_t id, ByteVector content) {
    ByteVector bytes{id};
    // Section sizes in these tests are below 128: one LEB128 byte.
    bytes.push_back(uint8_t(content.size()));
    bytes.insert(bytes.end(), content.begin(), content.end());
    return bytes;
}

ByteVector module(std::vector<ByteVector> sections) {
    ByteVector bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    for (const ByteVector& s : sections)
        bytes.insert(bytes.end(), s.begin(), s.end());
    return bytes;
}

// A type section with [] -> [] and a function section with one function of it.
const ByteVector kTypeVoid = section(1, {0x01, 0x60, 0x00, 0x00});
const ByteVector kOneFunction = section(3, {0x01, 0x00});
const ByteVector kEmptyBody = section(10, {0x01, 0x02, 0x00, 0x0b});

struct Decoded {
    Result<Module> module;
    std::string message;
};

class WasmDecoderTest : public ::testing::Test {
protected:
    Decoded decode(const ByteVector& bytes) {
        m_arena_buffer.assign(decoder_arena_size(bytes.size()), 0);
        m_bytes = bytes;
        Arena arena(m_arena_buffer.data(), m_arena_buffer.size());
        Diagnostic diagnostic;
        auto result = decode_module(Bytes(m_bytes.data(), m_bytes.size()), arena, &diagnostic);
        char text[256];
        std::string message;
        if (result.is_error())
            message = format_to_buffer(text, sizeof(text), "{}", diagnostic).data();
        return {result, message};
    }

    ByteVector m_bytes;
    std::vector<uint8_t> m_arena_buffer;
};

// Reads one LEB128 value of each kind from `bytes`.
template <typename F>
auto read(ByteVector bytes, F reader_call) {
    static ByteVector storage;
    storage = bytes;
    Reader reader(Bytes(storage.data(), storage.size()), 0, nullptr);
    return reader_call(reader);
}

TEST(WasmReader, UnsignedLeb128) {
    auto u32 = [](Reader& r) { return r.read_u32(); };
    EXPECT_EQ(read({0x00}, u32).value(), 0u);
    EXPECT_EQ(read({0xe5, 0x8e, 0x26}, u32).value(), 624485u);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x0f}, u32).value(), 0xffffffffu);
    // Padded but within five bytes is fine.
    EXPECT_EQ(read({0x83, 0x80, 0x80, 0x80, 0x00}, u32).value(), 3u);
    EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u32).error(), Error::Malformed);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x1f}, u32).error(), Error::Malformed);
    EXPECT_EQ(read({0x80, 0x80}, u32).error(), Error::Truncated);
    EXPECT_EQ(read({}, u32).error(), Error::Truncated);

    auto u64 = [](Reader& r) { return r.read_u64(); };
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, u64).value(),
              ~uint64_t{0});
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, u64).error(),
              Error::Malformed);
}

TEST(WasmReader, SignedLeb128) {
    auto s32 = [](Reader& r) { return r.read_s32(); };
    EXPECT_EQ(read({0x7f}, s32).value(), -1);
    EXPECT_EQ(read({0x3f}, s32).value(), 63);
    EXPECT_EQ(read({0x40}, s32).value(), -64);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x07}, s32).value(), 2147483647);
    EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x78}, s32).value(), -2147483647 - 1);
    // The unused bits of the fifth byte must copy the sign bit.
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x0f}, s32).error(), Error::Malformed);
    EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x70}, s32).error(), Error::Malformed);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, s32).error(), Error::Malformed);

    auto s33 = [](Reader& r) { return r.read_s33(); };
    EXPECT_EQ(read({0x40}, s33).value(), -64);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x0f}, s33).value(), int64_t{0xffffffff});
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x7f}, s33).value(), -1);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x1f}, s33).error(), Error::Malformed);

    auto s64 = [](Reader& r) { return r.read_s64(); };
    EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, s64).value(),
              INT64_MIN);
    EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, s64).value(),
              INT64_MAX);
    EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, s64).error(),
              Error::Malformed);
}

TEST(WasmReader, Utf8) {
    auto valid = [](ByteVector b) { return is_valid_utf8(Bytes(b.data(), b.size())); };
    EXPECT_TRUE(valid({'a', 'b'}));
    EXPECT_TRUE(valid({0xc3, 0xa9}));              // é
    EXPECT_TRUE(valid({0xf0, 0x9f, 0x98, 0x80}));  // U+1F600
    EXPECT_FALSE(valid({0xc0, 0x80}));             // overlong NUL
    EXPECT_FALSE(valid({0xed, 0xa0, 0x80}));       // surrogate
    EXPECT_FALSE(valid({0xf4, 0x90, 0x80, 0x80})); // past U+10FFFF
    EXPECT_FALSE(valid({0xe2, 0x82}));             // truncated
    EXPECT_FALSE(valid({0x80}));                   // stray continuation
}

TEST_F(WasmDecoderTest, EmptyModule) {
    auto decoded = decode(module({}));
    ASSERT_TRUE(decoded.module.is_ok()) << decoded.message;
    EXPECT_EQ(decoded.module.value().types.size(), 0u);
}

TEST_F(WasmDecoderTest, BadHeader) {
    EXPECT_EQ(decode({0x00, 0x61, 0x73}).module.error(), Error::Truncated);
    auto magic = decode({0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00});
    EXPECT_EQ(magic.module.error(), Error::Malformed);
    EXPECT_EQ(magic.message, "module header, offset 0x0: magic header not detected");
    auto version = decode({0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00});
    EXPECT_EQ(version.module.error(), Error::Unsupported);
    EXPECT_EQ(version.message, "module header, offset 0x4: unknown binary version");
    EXPECT_EQ(decode({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00}).module.error(), Error::Truncated);
}

TEST_F(WasmDecoderTest, TruncatedAndOverlongLeb) {
    auto truncated = decode(module({section(1, {0x80})}));
    EXPECT_EQ(truncated.module.error(), Error::Truncated);
    EXPECT_EQ(truncated.message, "type section, offset 0xa: unexpected end in LEB128 integer");
    auto overlong = decode(module({section(1, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}));
    EXPECT_EQ(overlong.module.error(), Error::Malformed);
    EXPECT_EQ(overlong.message, "type section, offset 0xa: integer representation too long");
    auto large = decode(module({section(1, {0x80, 0x80, 0x80, 0x80, 0x70})}));
    EXPECT_EQ(large.message, "type section, offset 0xa: integer too large");
}

TEST_F(WasmDecoderTest, SectionSizes) {
    // The section claims 5 bytes, 1 is there.
    auto past_end = decode(module({{0x01, 0x05, 0x00}}));
    EXPECT_EQ(past_end.module.error(), Error::Truncated);
    EXPECT_EQ(past_end.message, "type section, offset 0x9: section size exceeds the module");
    // A type section with a byte left over after its one vector.
    auto left_over = decode(module({section(1, {0x00, 0x00})}));
    EXPECT_EQ(left_over.module.error(), Error::Malformed);
    EXPECT_EQ(left_over.message,
              "type section, offset 0xb: section size mismatch: bytes left over");
    auto bad_id = decode(module({section(13, {})}));
    EXPECT_EQ(bad_id.message, "module, offset 0x8: malformed section id");
    // A vector that cannot fit in its section is refused before anything is allocated.
    auto huge_count = decode(module({section(3, {0xff, 0xff, 0xff, 0xff, 0x0f})}));
    EXPECT_EQ(huge_count.message,
              "function section, offset 0xa: vector length exceeds the section");
}

TEST_F(WasmDecoderTest, SectionOrder) {
    auto out_of_order = decode(module({section(5, {0x00}), kTypeVoid}));
    EXPECT_EQ(out_of_order.message, "type section, offset 0xb: section out of order");
    auto duplicate = decode(module({kTypeVoid, kTypeVoid}));
    EXPECT_EQ(duplicate.message, "type section, offset 0xe: duplicate section");
    // The data count section goes between element and code.
    auto data_count_late =
        decode(module({kTypeVoid, kOneFunction, kEmptyBody, section(12, {0x00})}));
    EXPECT_EQ(data_count_late.message, "data count section, offset 0x18: section out of order");
    auto data_count_ok = decode(
        module({kTypeVoid, kOneFunction, section(12, {0x00}), kEmptyBody, section(11, {0x00})}));
    EXPECT_TRUE(data_count_ok.module.is_ok()) << data_count_ok.message;
}

TEST_F(WasmDecoderTest, CustomSections) {
    ByteVector custom = section(0, {0x04, 'n', 'a', 'm', 'e', 0x01, 0x02, 0x03});
    auto decoded = decode(module({custom, kTypeVoid, custom, kOneFunction, kEmptyBody, custom}));
    EXPECT_TRUE(decoded.module.is_ok()) << decoded.message;
    auto bad_name = decode(module({section(0, {0x02, 0xc0, 0x80})}));
    EXPECT_EQ(bad_name.message, "custom section, offset 0xa: name is not valid UTF-8");
    auto no_name = decode(module({section(0, {})}));
    EXPECT_EQ(no_name.module.error(), Error::Truncated);
}

TEST_F(WasmDecoderTest, FunctionAndCodeCounts) {
    auto no_code = decode(module({kTypeVoid, kOneFunction}));
    EXPECT_EQ(no_code.message,
              "module, offset 0x12: function and code section have inconsistent lengths");
    auto two_bodies = decode(
        module({kTypeVoid, kOneFunction, section(10, {0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b})}));
    EXPECT_EQ(two_bodies.message,
              "code section, offset 0x14: function and code section have inconsistent lengths");
    auto no_function = decode(module({kTypeVoid, kEmptyBody}));
    EXPECT_EQ(no_function.module.error(), Error::Malformed);
    auto oversized =
        decode(module({kTypeVoid, kOneFunction, section(10, {0x01, 0x05, 0x00, 0x0b})}));
    EXPECT_EQ(oversized.message, "code section, offset 0x15: function body size exceeds section");
    auto unknown_type = decode(module({kTypeVoid, section(3, {0x01, 0x01})}));
    EXPECT_EQ(unknown_type.message, "function section, offset 0x11: unknown type");
}

TEST_F(WasmDecoderTest, EverySectionKind) {
    auto decoded = decode(module({
        section(1, {0x02, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d}),
        // env.f: func type 1; env.g: mut i64 global
        section(2, {0x02, 0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x01, 0x03, 'e', 'n', 'v', 0x01,
                    'g', 0x03, 0x7e, 0x01}),
        section(3, {0x01, 0x00}),
        section(4, {0x01, 0x70, 0x01, 0x01, 0x02}),             // funcref 1..2
        section(5, {0x01, 0x01, 0x01, 0x10}),                   // memory 1..16
        section(6, {0x01, 0x7f, 0x00, 0x41, 0x2a, 0x0b}),       // i32 const 42
        section(7, {0x01, 0x01, 'm', 0x02, 0x00}),              // export "m" memory 0
        section(8, {0x01}),                                     // start: function 1
        section(9, {0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x01}), // table 0 at 0: function 1
        section(12, {0x01}),
        section(10, {0x01, 0x04, 0x01, 0x01, 0x7f, 0x0b}), // one i32 local
        section(11, {0x01, 0x00, 0x41, 0x08, 0x0b, 0x02, 'h', 'i'}),
    }));
    ASSERT_TRUE(decoded.module.is_ok()) << decoded.message;
    const Module& m = decoded.module.value();
    ASSERT_EQ(m.types.size(), 2u);
    EXPECT_EQ(m.types[1].params.size(), 2u);
    EXPECT_EQ(m.types[1].results[0], ValType::F32);
    EXPECT_EQ(m.imported_functions, 1u);
    EXPECT_EQ(m.imported_globals, 1u);
    EXPECT_EQ(m.imports[1].name, StringView("g"));
    EXPECT_TRUE(m.imports[1].global.is_mutable);
    ASSERT_EQ(m.function_types.size(), 2u);
    EXPECT_EQ(m.function_types[0], 1u);
    EXPECT_EQ(m.function_types[1], 0u);
    EXPECT_EQ(m.tables[0].limits.max, 2u);
    EXPECT_EQ(m.memories[0].max, 16u);
    EXPECT_EQ(m.global_types.size(), 2u);
    EXPECT_EQ(m.globals[0].init.bits, 42u);
    EXPECT_EQ(m.exports[0].kind, ExternKind::Memory);
    EXPECT_TRUE(m.has_start);
    EXPECT_EQ(m.start, 1u);
    EXPECT_EQ(m.elements[0].functions[0], 1u);
    EXPECT_EQ(m.bodies[0].local_count, 1u);
    EXPECT_EQ(m.bodies[0].code.size(), 1u);
    EXPECT_EQ(m.data[0].bytes.size(), 2u);
    EXPECT_EQ(m.data_count, 1u);
}

TEST_F(WasmDecoderTest, Limits) {
    auto too_many_pages = decode(module({section(5, {0x01, 0x00, 0x81, 0x80, 0x04})}));
    EXPECT_EQ(too_many_pages.message,
              "memory section, offset 0xb: memory size must be at most 65536 pages (4GiB)");
    auto min_over_max = decode(module({section(5, {0x01, 0x01, 0x02, 0x01})}));
    EXPECT_EQ(min_over_max.message,
              "memory section, offset 0xb: size minimum must not be greater than maximum");
    auto bad_flags = decode(module({section(5, {0x01, 0x04, 0x00})}));
    EXPECT_EQ(bad_flags.message, "memory section, offset 0xb: malformed limits flags");
}

TEST_F(WasmDecoderTest, DataCount) {
    auto mismatch = decode(module(
        {section(5, {0x01, 0x00, 0x01}), section(12, {0x02}), section(11, {0x01, 0x01, 0x00})}));
    EXPECT_EQ(mismatch.message,
              "data section, offset 0x12: data count and data section have inconsistent lengths");
    auto missing = decode(module({section(12, {0x01})}));
    EXPECT_EQ(missing.module.error(), Error::Malformed);
}

TEST_F(WasmDecoderTest, ConstantExpressions) {
    // i32.add is not constant.
    auto not_constant =
        decode(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b})}));
    EXPECT_EQ(
        not_constant.message,
        "global section, offset 0xf: constant expression required (one instruction, then end)");
    auto no_end = decode(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x01})}));
    EXPECT_EQ(no_end.module.error(), Error::Truncated);
}

TEST_F(WasmDecoderTest, ElementSegmentForms) {
    ByteVector prefix = {0x01, 0x60, 0x00, 0x00};
    auto decoded = decode(module({
        section(1, prefix),
        section(3, {0x01, 0x00}),
        section(4, {0x01, 0x70, 0x00, 0x01}),
        section(9, {0x04, 0x01, 0x00, 0x01, 0x00,             // passive, funcidx
                    0x03, 0x00, 0x01, 0x00,                   // declarative, funcidx
                    0x02, 0x00, 0x41, 0x00, 0x0b, 0x00, 0x00, // active table 0, no items
                    0x05, 0x70, 0x02, 0xd2, 0x00, 0x0b, 0xd0, 0x70, 0x0b}), // passive exprs
        kEmptyBody,
    }));
    ASSERT_TRUE(decoded.module.is_ok()) << decoded.message;
    const Module& m = decoded.module.value();
    ASSERT_EQ(m.elements.size(), 4u);
    EXPECT_EQ(m.elements[0].mode, SegmentMode::Passive);
    EXPECT_EQ(m.elements[1].mode, SegmentMode::Declarative);
    EXPECT_EQ(m.elements[2].mode, SegmentMode::Active);
    EXPECT_EQ(m.elements[3].functions[1], ElementSegment::kNullFunction);
    auto bad_flags = decode(module({section(9, {0x01, 0x08, 0x00, 0x00})}));
    EXPECT_EQ(bad_flags.message, "element section, offset 0xb: malformed element segment flags");
}

TEST_F(WasmDecoderTest, ArenaTooSmall) {
    ByteVector bytes = module({kTypeVoid, kOneFunction, kEmptyBody});
    std::vector<uint8_t> buffer(8);
    Arena arena(buffer.data(), buffer.size());
    Diagnostic diagnostic;
    auto result = decode_module(Bytes(bytes.data(), bytes.size()), arena, &diagnostic);
    EXPECT_EQ(result.error(), Error::NoMemory);
}

} // namespace
} // namespace mica::wasm
