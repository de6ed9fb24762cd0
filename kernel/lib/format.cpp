#include <lib/format.h>

namespace mica {

BufferSink::BufferSink(char* buffer, size_t capacity) : m_buffer(buffer), m_capacity(capacity) {
    if (m_capacity)
        m_buffer[0] = '\0';
}

void BufferSink::write(StringView text) {
    if (m_capacity == 0) {
        m_truncated |= !text.is_empty();
        return;
    }
    for (char c : text) {
        if (m_length + 1 >= m_capacity) {
            m_truncated = true;
            break;
        }
        m_buffer[m_length++] = c;
    }
    m_buffer[m_length] = '\0';
}

namespace {

struct Spec {
    char fill = ' ';
    char align = '\0'; // '<', '>' or none (numbers right, text left)
    bool alternate = false;
    bool zero_pad = false;
    size_t width = 0;
    char type = '\0';
};

bool is_align(char c) { return c == '<' || c == '>'; }

bool is_type(char c) { return StringView("dxXbocsp").find(c) != StringView::kNotFound; }

// Parses the text between ':' and '}'. Returns false if it is not a valid spec.
bool parse_spec(StringView text, Spec& spec) {
    size_t i = 0;
    if (text.length() >= 2 && is_align(text[1])) {
        spec.fill = text[0];
        spec.align = text[1];
        i = 2;
    } else if (!text.is_empty() && is_align(text[0])) {
        spec.align = text[0];
        i = 1;
    }
    if (i < text.length() && text[i] == '#') {
        spec.alternate = true;
        ++i;
    }
    if (i < text.length() && text[i] == '0') {
        spec.zero_pad = true;
        ++i;
    }
    while (i < text.length() && text[i] >= '0' && text[i] <= '9') {
        spec.width = spec.width * 10 + size_t(text[i] - '0');
        if (spec.width > 256)
            return false;
        ++i;
    }
    if (i < text.length()) {
        if (!is_type(text[i]))
            return false;
        spec.type = text[i];
        ++i;
    }
    return i == text.length();
}

void write_padding(FormatSink& sink, char fill, size_t count) {
    char chunk[16];
    for (char& c : chunk)
        c = fill;
    while (count) {
        size_t n = count < sizeof chunk ? count : sizeof chunk;
        sink.write(StringView(chunk, n));
        count -= n;
    }
}

void write_aligned(FormatSink& sink, StringView text, const Spec& spec, char default_align) {
    size_t pad = spec.width > text.length() ? spec.width - text.length() : 0;
    char align = spec.align ? spec.align : default_align;
    if (align == '>')
        write_padding(sink, spec.fill, pad);
    sink.write(text);
    if (align == '<')
        write_padding(sink, spec.fill, pad);
}

unsigned base_for(char type) {
    switch (type) {
    case 'x':
    case 'X':
    case 'p': return 16;
    case 'b': return 2;
    case 'o': return 8;
    default: return 10;
    }
}

void write_number(FormatSink& sink, uint64_t magnitude, bool negative, const Spec& spec) {
    unsigned base = base_for(spec.type);
    const char* digits = spec.type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char reversed[64];
    size_t count = 0;
    do {
        reversed[count++] = digits[magnitude % base];
        magnitude /= base;
    } while (magnitude);

    char prefix[3] = {};
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    if (spec.alternate && base != 10) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] =
            base == 16 ? (spec.type == 'X' ? 'X' : 'x') : (base == 2 ? 'b' : 'o');
    }

    char text[67]; // prefix and 64 binary digits
    size_t length = 0;
    for (size_t i = 0; i < prefix_length; ++i)
        text[length++] = prefix[i];
    size_t body = prefix_length + count;
    if (spec.zero_pad && !spec.align && spec.width > body) {
        // Zeros go between the prefix and the digits, however many the width asks for.
        sink.write(StringView(text, length));
        write_padding(sink, '0', spec.width - body);
        length = 0;
        while (count)
            text[length++] = reversed[--count];
        sink.write(StringView(text, length));
        return;
    }
    while (count)
        text[length++] = reversed[--count];
    write_aligned(sink, StringView(text, length), spec, '>');
}

void write_arg(FormatSink& sink, const FormatArg& arg, Spec spec) {
    using Kind = FormatArg::Kind;
    switch (arg.kind()) {
    case Kind::Signed: {
        int64_t value = arg.as_signed();
        if (spec.type == 'c') {
            char c = char(value);
            return write_aligned(sink, StringView(&c, 1), spec, '<');
        }
        // Hex/binary/octal show the two's-complement bits, as printf does.
        if (base_for(spec.type) != 10)
            return write_number(sink, uint64_t(value), false, spec);
        uint64_t magnitude = value < 0 ? ~uint64_t(value) + 1 : uint64_t(value);
        return write_number(sink, magnitude, value < 0, spec);
    }
    case Kind::Unsigned:
        if (spec.type == 'c') {
            char c = char(arg.as_unsigned());
            return write_aligned(sink, StringView(&c, 1), spec, '<');
        }
        return write_number(sink, arg.as_unsigned(), false, spec);
    case Kind::Bool: return write_aligned(sink, arg.as_unsigned() ? "true" : "false", spec, '<');
    case Kind::Char: {
        if (spec.type && spec.type != 'c')
            return write_number(sink, arg.as_unsigned(), false, spec);
        char c = char(arg.as_unsigned());
        return write_aligned(sink, StringView(&c, 1), spec, '<');
    }
    case Kind::String: return write_aligned(sink, arg.as_string(), spec, '<');
    case Kind::Pointer:
        if (!spec.type || spec.type == 'p') {
            spec.type = 'x';
            spec.alternate = true;
        }
        return write_number(sink, arg.as_unsigned(), false, spec);
    case Kind::Custom: return arg.format_custom(sink);
    }
}

} // namespace

void vformat(FormatSink& sink, StringView pattern, Span<const FormatArg> args) {
    size_t next_arg = 0;
    size_t literal_start = 0;
    size_t i = 0;
    auto flush_literal = [&](size_t end) {
        if (end > literal_start)
            sink.write(pattern.substring(literal_start, end - literal_start));
    };

    while (i < pattern.length()) {
        char c = pattern[i];
        if (c == '}' && i + 1 < pattern.length() && pattern[i + 1] == '}') {
            flush_literal(i + 1);
            i += 2;
            literal_start = i;
            continue;
        }
        if (c != '{') {
            ++i;
            continue;
        }
        if (i + 1 < pattern.length() && pattern[i + 1] == '{') {
            flush_literal(i + 1);
            i += 2;
            literal_start = i;
            continue;
        }
        size_t close = pattern.find('}', i);
        if (close == StringView::kNotFound) {
            ++i; // an unclosed brace is printed as written
            continue;
        }
        flush_literal(i);
        StringView inside = pattern.substring(i + 1, close - i - 1);
        Spec spec;
        bool valid =
            inside.is_empty() || (inside[0] == ':' && parse_spec(inside.substring(1), spec));
        if (!valid)
            sink.write("{bad format}");
        else if (next_arg >= args.size())
            sink.write("{?}");
        else
            write_arg(sink, args[next_arg++], spec);
        i = close + 1;
        literal_start = i;
    }
    flush_literal(pattern.length());
}

} // namespace mica
