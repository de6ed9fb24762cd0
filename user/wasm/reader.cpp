#include <lib/bytes.h>
#include <wasm/reader.h>

namespace mica::wasm {

Error Reader::fail_at(size_t offset, Error error, const char* reason) {
    if (m_diagnostic) {
        m_diagnostic->offset = offset;
        m_diagnostic->reason = reason;
    }
    return error;
}

Result<uint8_t> Reader::read_u8() {
    if (at_end())
        return fail(Error::Truncated, "unexpected end");
    return m_bytes[m_position++];
}

Result<uint64_t> Reader::read_leb(unsigned bits, bool is_signed) {
    size_t start = offset();
    unsigned max_bytes = (bits + 6) / 7;
    uint64_t result = 0;
    unsigned shift = 0;
    for (unsigned i = 0;; ++i) {
        if (at_end())
            return fail_at(start, Error::Truncated, "unexpected end in LEB128 integer");
        uint8_t byte = m_bytes[m_position++];
        if (i + 1 == max_bytes) {
            if (byte & 0x80)
                return fail_at(start, Error::Malformed, "integer representation too long");
            // The last byte holds `used` value bits; the rest must be zero (unsigned) or copies
            // of the sign bit (signed).
            unsigned used = bits - 7 * i;
            uint8_t high = uint8_t((byte & 0x7f) >> (is_signed ? used - 1 : used));
            uint8_t all_ones = uint8_t(0x7f >> (is_signed ? used - 1 : used));
            if (high != 0 && !(is_signed && high == all_ones))
                return fail_at(start, Error::Malformed, "integer too large");
        }
        result |= uint64_t(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            if (is_signed && shift < 64 && (byte & 0x40))
                result |= ~uint64_t{0} << shift;
            return result;
        }
    }
}

Result<uint32_t> Reader::read_u32() { return uint32_t(TRY(read_leb(32, false))); }
Result<uint64_t> Reader::read_u64() { return TRY(read_leb(64, false)); }
Result<int32_t> Reader::read_s32() { return int32_t(uint32_t(TRY(read_leb(32, true)))); }
Result<int64_t> Reader::read_s33() { return int64_t(TRY(read_leb(33, true))); }
Result<int64_t> Reader::read_s64() { return int64_t(TRY(read_leb(64, true))); }

Result<uint32_t> Reader::read_f32_bits() {
    Bytes bytes = TRY(read_bytes(4));
    return load_le32(bytes.data());
}

Result<uint64_t> Reader::read_f64_bits() {
    Bytes bytes = TRY(read_bytes(8));
    return load_le64(bytes.data());
}

Result<Bytes> Reader::read_bytes(size_t count) {
    if (count > remaining())
        return fail(Error::Truncated, "unexpected end");
    Bytes bytes = m_bytes.subspan(m_position, count);
    m_position += count;
    return bytes;
}

Result<StringView> Reader::read_name() {
    size_t start = offset();
    uint32_t length = TRY(read_u32());
    if (length > remaining())
        return fail_at(start, Error::Truncated, "name length exceeds the section");
    Bytes bytes = TRY(read_bytes(length));
    if (!is_valid_utf8(bytes))
        return fail_at(start, Error::Malformed, "name is not valid UTF-8");
    return StringView(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<uint32_t> Reader::read_count(size_t min_item_size) {
    size_t start = offset();
    uint32_t count = TRY(read_u32());
    if (count > remaining() / min_item_size)
        return fail_at(start, Error::Truncated, "vector length exceeds the section");
    return count;
}

Result<Reader> Reader::split(size_t count) {
    size_t start = offset();
    Bytes bytes = TRY(read_bytes(count));
    return Reader(bytes, start, m_diagnostic);
}

bool is_valid_utf8(Bytes bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
        uint8_t lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        size_t length;
        uint32_t code_point;
        uint32_t minimum;
        if ((lead & 0xe0) == 0xc0) {
            length = 2, code_point = lead & 0x1f, minimum = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            length = 3, code_point = lead & 0x0f, minimum = 0x800;
        } else if ((lead & 0xf8) == 0xf0) {
            length = 4, code_point = lead & 0x07, minimum = 0x10000;
        } else {
            return false;
        }
        if (bytes.size() - i < length)
            return false;
        for (size_t k = 1; k < length; ++k) {
            uint8_t next = bytes[i + k];
            if ((next & 0xc0) != 0x80)
                return false;
            code_point = code_point << 6 | (next & 0x3f);
        }
        // Overlong forms, UTF-16 surrogates and values past Unicode are not scalar values.
        if (code_point < minimum || (code_point >= 0xd800 && code_point <= 0xdfff) ||
            code_point > 0x10ffff)
            return false;
        i += length;
    }
    return true;
}

} // namespace mica::wasm
