#include <fs/fat32/layout.h>
#include <fs/fat32/names.h>

namespace mica::fs::fat32 {

namespace {

char to_upper(char c) { return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Characters a short name may hold besides upper-case letters and digits (FAT spec, "Directory
// Entry": DIR_Name). Space is legal but we never generate it.
bool is_short_special(char c) {
    const char* specials = "$%'-_@~`!(){}^#&";
    for (const char* p = specials; *p; ++p) {
        if (*p == c)
            return true;
    }
    return false;
}

bool is_short_char(char c) { return is_upper(c) || (c >= '0' && c <= '9') || is_short_special(c); }

void append_utf8(uint32_t code, char* out, size_t& length) {
    if (code < 0x80) {
        out[length++] = char(code);
    } else if (code < 0x800) {
        out[length++] = char(0xc0 | code >> 6);
        out[length++] = char(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
        out[length++] = char(0xe0 | code >> 12);
        out[length++] = char(0x80 | ((code >> 6) & 0x3f));
        out[length++] = char(0x80 | (code & 0x3f));
    } else {
        out[length++] = char(0xf0 | code >> 18);
        out[length++] = char(0x80 | ((code >> 12) & 0x3f));
        out[length++] = char(0x80 | ((code >> 6) & 0x3f));
        out[length++] = char(0x80 | (code & 0x3f));
    }
}

} // namespace

Result<size_t> utf8_to_ucs2(StringView name, uint16_t* out, size_t capacity) {
    size_t count = 0;
    for (size_t i = 0; i < name.length();) {
        auto lead = uint8_t(name[i]);
        uint32_t code;
        size_t extra;
        if (lead < 0x80) {
            code = lead;
            extra = 0;
        } else if ((lead & 0xe0) == 0xc0) {
            code = lead & 0x1f;
            extra = 1;
        } else if ((lead & 0xf0) == 0xe0) {
            code = lead & 0x0f;
            extra = 2;
        } else if ((lead & 0xf8) == 0xf0) {
            return Error::Unsupported; // outside the BMP: UCS-2 cannot hold it
        } else {
            return Error::InvalidArgument;
        }
        if (extra > name.length() - i - 1)
            return Error::InvalidArgument;
        for (size_t k = 1; k <= extra; ++k) {
            auto next = uint8_t(name[i + k]);
            if ((next & 0xc0) != 0x80)
                return Error::InvalidArgument;
            code = code << 6 | (next & 0x3f);
        }
        // Overlong forms and UTF-16 surrogates are not valid UTF-8.
        if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
            (code >= 0xd800 && code <= 0xdfff))
            return Error::InvalidArgument;
        if (count == capacity)
            return Error::OutOfRange;
        out[count++] = uint16_t(code);
        i += 1 + extra;
    }
    return count;
}

size_t ucs2_to_utf8(const uint16_t* units, size_t count, char* out, size_t capacity) {
    size_t length = 0;
    for (size_t i = 0; i < count; ++i) {
        uint32_t code = units[i];
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < count && units[i + 1] >= 0xdc00 &&
            units[i + 1] <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (units[i + 1] - 0xdc00);
            ++i;
        } else if (code >= 0xd800 && code <= 0xdfff) {
            code = 0xfffd;
        }
        size_t needed = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
        if (length + needed + 1 > capacity)
            return kMaxNameBytes;
        append_utf8(code, out, length);
    }
    out[length] = '\0';
    return length;
}

const char* check_long_name(StringView name) {
    if (name.is_empty())
        return "empty file name";
    if (name == "." || name == "..")
        return "\".\" and \"..\" cannot be created or renamed";
    for (char c : name) {
        if (uint8_t(c) < 0x20)
            return "file name contains a control character";
        for (const char* p = "\"*/:<>?\\|"; *p; ++p) {
            if (c == *p)
                return "file name contains one of \" * / : < > ? \\ |";
        }
    }
    char last = name[name.length() - 1];
    if (last == ' ' || last == '.')
        return "file name ends with a space or a period";
    uint16_t units[dirent::kMaxLongNameUnits];
    auto converted = utf8_to_ucs2(name, units, dirent::kMaxLongNameUnits);
    if (converted.is_error()) {
        if (converted.error() == Error::OutOfRange)
            return "file name is longer than 255 UCS-2 characters";
        if (converted.error() == Error::Unsupported)
            return "file name has a character outside the Basic Multilingual Plane";
        return "file name is not valid UTF-8";
    }
    return nullptr;
}

bool as_short_name(StringView name, uint8_t out[kShortNameLength], uint8_t* nt_case) {
    size_t dot = name.find('.');
    StringView base = dot == StringView::kNotFound ? name : name.substring(0, dot);
    StringView extension = dot == StringView::kNotFound ? StringView() : name.substring(dot + 1);
    if (base.is_empty() || base.length() > 8 || extension.length() > 3 ||
        extension.find('.') != StringView::kNotFound)
        return false;
    if (dot != StringView::kNotFound && extension.is_empty())
        return false;
    uint8_t flags = 0;
    auto part_case = [&](StringView part, uint8_t lower_flag) {
        bool upper = false, lower = false;
        for (char c : part) {
            if (is_lower(c))
                lower = true;
            else if (is_upper(c))
                upper = true;
            else if (!is_short_char(c))
                return false;
        }
        if (upper && lower)
            return false;
        if (lower)
            flags |= lower_flag;
        return true;
    };
    if (!part_case(base, dirent::kNtLowerBase) || !part_case(extension, dirent::kNtLowerExtension))
        return false;
    __builtin_memset(out, ' ', kShortNameLength);
    for (size_t i = 0; i < base.length(); ++i)
        out[i] = uint8_t(to_upper(base[i]));
    for (size_t i = 0; i < extension.length(); ++i)
        out[8 + i] = uint8_t(to_upper(extension[i]));
    *nt_case = flags;
    return true;
}

void short_name_basis(StringView name, uint8_t out[kShortNameLength]) {
    __builtin_memset(out, ' ', kShortNameLength);
    size_t last_dot = StringView::kNotFound;
    for (size_t i = 0; i < name.length(); ++i) {
        if (name[i] == '.')
            last_dot = i;
    }
    size_t start = 0;
    while (start < name.length() && name[start] == '.')
        ++start;
    if (last_dot != StringView::kNotFound && last_dot < start)
        last_dot = StringView::kNotFound; // only leading periods: no extension
    auto put = [](StringView part, uint8_t* field, size_t room) {
        size_t used = 0;
        for (size_t i = 0; i < part.length() && used < room; ++i) {
            auto c = uint8_t(part[i]);
            if (c == ' ' || c == '.')
                continue;
            if (c >= 0x80) {
                // One '_' per UTF-8 character: skip its continuation bytes.
                while (i + 1 < part.length() && (uint8_t(part[i + 1]) & 0xc0) == 0x80)
                    ++i;
                field[used++] = '_';
                continue;
            }
            char upper = to_upper(char(c));
            field[used++] = uint8_t(is_short_char(upper) ? upper : '_');
        }
    };
    size_t base_end = last_dot == StringView::kNotFound ? name.length() : last_dot;
    put(name.substring(start, base_end - start), out, 8);
    if (last_dot != StringView::kNotFound)
        put(name.substring(last_dot + 1), out + 8, 3);
    if (out[0] == ' ')
        out[0] = '_';
}

void with_numeric_tail(const uint8_t basis[kShortNameLength], uint32_t n,
                       uint8_t out[kShortNameLength]) {
    char digits[12];
    size_t count = 0;
    do {
        digits[count++] = char('0' + n % 10);
        n /= 10;
    } while (n != 0);
    __builtin_memcpy(out, basis, kShortNameLength);
    size_t base_length = 0;
    while (base_length < 8 && basis[base_length] != ' ')
        ++base_length;
    size_t keep = 8 - 1 - count;
    if (base_length < keep)
        keep = base_length;
    size_t at = keep;
    out[at++] = '~';
    while (count > 0)
        out[at++] = uint8_t(digits[--count]);
    while (at < 8)
        out[at++] = ' ';
}

size_t short_name_to_text(const uint8_t raw[kShortNameLength], uint8_t nt_case, char* out) {
    size_t length = 0;
    auto copy = [&](const uint8_t* field, size_t size, bool lower) {
        size_t end = size;
        while (end > 0 && field[end - 1] == ' ')
            --end;
        for (size_t i = 0; i < end; ++i) {
            uint8_t c = field[i];
            if (i == 0 && field == raw && c == dirent::kEscapedE5)
                c = dirent::kDeleted;
            // Bytes above 0x7f are in an OEM code page we do not carry.
            char text = c >= 0x80 ? '_' : char(c);
            if (lower && is_upper(text))
                text = char(text - 'A' + 'a');
            out[length++] = text;
        }
        return end;
    };
    copy(raw, 8, nt_case & dirent::kNtLowerBase);
    size_t extension_start = length;
    out[length++] = '.';
    if (copy(raw + 8, 3, nt_case & dirent::kNtLowerExtension) == 0)
        length = extension_start;
    out[length] = '\0';
    return length;
}

uint8_t short_name_checksum(const uint8_t raw[kShortNameLength]) {
    uint8_t sum = 0;
    for (size_t i = 0; i < kShortNameLength; ++i)
        sum = uint8_t(((sum & 1) ? 0x80 : 0) + (sum >> 1) + raw[i]);
    return sum;
}

bool equal_ignoring_case(StringView a, StringView b) {
    if (a.length() != b.length())
        return false;
    for (size_t i = 0; i < a.length(); ++i) {
        if (to_upper(a[i]) != to_upper(b[i]))
            return false;
    }
    return true;
}

} // namespace mica::fs::fat32
