#include "json.h"

namespace mica::wasm::spectest {

namespace {

class Parser {
public:
    explicit Parser(const std::string& input) : m_input(input) {}

    bool parse(Json& out, std::string& error) {
        if (!value(out) || (skip_space(), m_position != m_input.size())) {
            error = "JSON syntax error at byte " + std::to_string(m_position);
            return false;
        }
        return true;
    }

private:
    void skip_space() {
        while (m_position < m_input.size() &&
               (m_input[m_position] == ' ' || m_input[m_position] == '\n' ||
                m_input[m_position] == '\r' || m_input[m_position] == '\t'))
            ++m_position;
    }
    bool consume(char c) {
        skip_space();
        if (m_position < m_input.size() && m_input[m_position] == c) {
            ++m_position;
            return true;
        }
        return false;
    }
    bool literal(const char* word) {
        std::string w(word);
        if (m_input.compare(m_position, w.size(), w) != 0)
            return false;
        m_position += w.size();
        return true;
    }
    static void append_utf8(std::string& out, uint32_t c) {
        if (c < 0x80) {
            out += char(c);
        } else if (c < 0x800) {
            out += char(0xc0 | c >> 6);
            out += char(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            out += char(0xe0 | c >> 12);
            out += char(0x80 | (c >> 6 & 0x3f));
            out += char(0x80 | (c & 0x3f));
        } else {
            out += char(0xf0 | c >> 18);
            out += char(0x80 | (c >> 12 & 0x3f));
            out += char(0x80 | (c >> 6 & 0x3f));
            out += char(0x80 | (c & 0x3f));
        }
    }
    bool hex4(uint32_t& out) {
        if (m_position + 4 > m_input.size())
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            char c = m_input[m_position++];
            out <<= 4;
            if (c >= '0' && c <= '9')
                out |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                out |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                out |= uint32_t(c - 'A' + 10);
            else
                return false;
        }
        return true;
    }
    bool string(std::string& out) {
        if (!consume('"'))
            return false;
        while (m_position < m_input.size()) {
            char c = m_input[m_position++];
            if (c == '"')
                return true;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_position >= m_input.size())
                return false;
            char e = m_input[m_position++];
            switch (e) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'u': {
                uint32_t c1;
                if (!hex4(c1))
                    return false;
                // A surrogate pair encodes one code point past the BMP.
                if (c1 >= 0xd800 && c1 < 0xdc00 && m_input.compare(m_position, 2, "\\u") == 0) {
                    m_position += 2;
                    uint32_t c2;
                    if (!hex4(c2))
                        return false;
                    c1 = 0x10000 + ((c1 - 0xd800) << 10) + (c2 - 0xdc00);
                }
                append_utf8(out, c1);
                break;
            }
            default: out += e; break;
            }
        }
        return false;
    }
    bool value(Json& out) {
        skip_space();
        if (m_position >= m_input.size())
            return false;
        char c = m_input[m_position];
        if (c == '{') {
            ++m_position;
            out.kind = Json::Kind::Object;
            if (consume('}'))
                return true;
            do {
                std::string key;
                Json member;
                skip_space();
                if (!string(key) || !consume(':') || !value(member))
                    return false;
                out.keys.push_back(std::move(key));
                out.items.push_back(std::move(member));
            } while (consume(','));
            return consume('}');
        }
        if (c == '[') {
            ++m_position;
            out.kind = Json::Kind::Array;
            if (consume(']'))
                return true;
            do {
                Json item;
                if (!value(item))
                    return false;
                out.items.push_back(std::move(item));
            } while (consume(','));
            return consume(']');
        }
        if (c == '"') {
            out.kind = Json::Kind::String;
            return string(out.text);
        }
        if (literal("true") || literal("false")) {
            out.kind = Json::Kind::Bool;
            out.text =
                m_input[m_position - 1] == 'e' && m_input[m_position - 2] == 'u' ? "true" : "false";
            return true;
        }
        if (literal("null")) {
            out.kind = Json::Kind::Null;
            return true;
        }
        size_t start = m_position;
        while (m_position < m_input.size() &&
               std::string("+-0123456789.eE").find(m_input[m_position]) != std::string::npos)
            ++m_position;
        if (start == m_position)
            return false;
        out.kind = Json::Kind::Number;
        out.text = m_input.substr(start, m_position - start);
        return true;
    }

    const std::string& m_input;
    size_t m_position = 0;
};

} // namespace

const Json* Json::find(const std::string& key) const {
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key)
            return &items[i];
    }
    return nullptr;
}

std::string Json::string(const std::string& key) const {
    const Json* member = find(key);
    return member && (member->kind == Kind::String || member->kind == Kind::Number) ? member->text
                                                                                    : "";
}

bool parse_json(const std::string& input, Json& out, std::string& error) {
    Parser parser(input);
    return parser.parse(out, error);
}

} // namespace mica::wasm::spectest
