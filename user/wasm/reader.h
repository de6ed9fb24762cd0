#pragma once
// A cursor over part of a module's bytes that decodes the binary format's primitives: bytes,
// LEB128 integers (rejecting encodings longer than ceil(N/7) bytes and unused bits that do not
// match, as the spec requires), little-endian floats and UTF-8 names. Every read is bounded by
// the cursor's end; a failed read records its offset and reason in the Diagnostic.

#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <wasm/diagnostic.h>

namespace mica::wasm {

class Reader {
public:
    // `bytes` starts at `base_offset` within the module (offsets in diagnostics are absolute).
    Reader(Bytes bytes, size_t base_offset, Diagnostic* diagnostic)
        : m_bytes(bytes), m_base(base_offset), m_diagnostic(diagnostic) {}

    size_t offset() const { return m_base + m_position; }
    size_t remaining() const { return m_bytes.size() - m_position; }
    bool at_end() const { return m_position == m_bytes.size(); }

    Result<uint8_t> read_u8();
    Result<uint32_t> read_u32();
    Result<uint64_t> read_u64();
    Result<int32_t> read_s32();
    Result<int64_t> read_s33(); // block types: a type index or a negative one-byte code
    Result<int64_t> read_s64();
    Result<uint32_t> read_f32_bits();
    Result<uint64_t> read_f64_bits();
    Result<Bytes> read_bytes(size_t count);
    // A vec(byte) that must be valid UTF-8.
    Result<StringView> read_name();
    // A vector length, refused when even `min_item_size` bytes per item cannot fit.
    Result<uint32_t> read_count(size_t min_item_size = 1);
    // A reader over the next `count` bytes, which this one skips.
    Result<Reader> split(size_t count);

    // Records an error at `offset` (default: here) and returns it.
    Error fail(Error error, const char* reason) { return fail_at(offset(), error, reason); }
    Error fail_at(size_t offset, Error error, const char* reason);
    Diagnostic* diagnostic() const { return m_diagnostic; }

private:
    Result<uint64_t> read_leb(unsigned bits, bool is_signed);

    Bytes m_bytes;
    size_t m_base;
    size_t m_position = 0;
    Diagnostic* m_diagnostic;
};

bool is_valid_utf8(Bytes bytes);

} // namespace mica::wasm
