#include "path.h"

namespace mica::vfs {

const char* path_error_name(PathError error) {
    switch (error) {
    case PathError::None: return "ok";
    case PathError::BadPath: return "bad path";
    case PathError::NameTooLong: return "name too long";
    }
    return "unknown path error";
}

bool is_valid_utf8(StringView text) {
    size_t i = 0;
    while (i < text.length()) {
        uint8_t lead = uint8_t(text[i]);
        size_t extra;
        uint32_t value, minimum;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if ((lead & 0xe0) == 0xc0) {
            extra = 1, value = lead & 0x1f, minimum = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            extra = 2, value = lead & 0x0f, minimum = 0x800;
        } else if ((lead & 0xf8) == 0xf0) {
            extra = 3, value = lead & 0x07, minimum = 0x10000;
        } else {
            return false; // a continuation byte or 0xf8..0xff where a character must start
        }
        if (text.length() - i - 1 < extra)
            return false;
        for (size_t k = 1; k <= extra; ++k) {
            uint8_t next = uint8_t(text[i + k]);
            if ((next & 0xc0) != 0x80)
                return false;
            value = (value << 6) | (next & 0x3f);
        }
        if (value < minimum || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
            return false;
        i += extra + 1;
    }
    return true;
}

PathError NormalizedPath::parse(StringView input) {
    m_length = 1;
    m_count = 0;
    if (input.length() > kPathMaxBytes)
        return PathError::NameTooLong;
    if (input.is_empty() || input[0] != '/')
        return PathError::BadPath;
    if (input.find('\0') != StringView::kNotFound || !is_valid_utf8(input))
        return PathError::BadPath;

    // Normalising only removes bytes, so the result always fits in m_text.
    size_t position = 0;
    while (position < input.length()) {
        while (position < input.length() && input[position] == '/')
            ++position;
        size_t end = input.find('/', position);
        if (end == StringView::kNotFound)
            end = input.length();
        StringView name = input.substring(position, end - position);
        position = end;
        if (name.is_empty() || name == ".")
            continue;
        if (name.length() > kPathMaxNameBytes)
            return PathError::NameTooLong;
        if (name == "..") {
            if (m_count > 0) {
                --m_count;
                // Back to the slash before the removed name (the root keeps its slash).
                m_length = size_t(m_names[m_count].data() - m_text) - 1;
                if (m_length == 0)
                    m_length = 1;
            }
            continue;
        }
        if (m_count == kPathMaxDepth)
            return PathError::BadPath;
        size_t start = m_count == 0 ? 1 : m_length + 1;
        if (m_count > 0)
            m_text[m_length] = '/';
        for (size_t i = 0; i < name.length(); ++i)
            m_text[start + i] = name[i];
        m_names[m_count++] = StringView(m_text + start, name.length());
        m_length = start + name.length();
    }
    m_text[m_length] = '\0';
    return PathError::None;
}

} // namespace mica::vfs
