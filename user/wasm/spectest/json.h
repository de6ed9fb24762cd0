#pragma once
// Just enough JSON for the scripts wast2json writes: objects, arrays, strings (with \u escapes,
// decoded to UTF-8), numbers and literals. Numbers keep their text; wast2json writes values as
// strings anyway. Host-only (the spec test runner), so it uses the standard library.

#include <string>
#include <vector>

namespace mica::wasm::spectest {

struct Json {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    std::string text;              // String: the decoded string; Number/Bool: the literal
    std::vector<Json> items;       // Array: the items; Object: the member values
    std::vector<std::string> keys; // Object: member names, parallel to `items`

    // The member `key` of an object, or nullptr.
    const Json* find(const std::string& key) const;
    // The string member `key`, or "" when absent.
    std::string string(const std::string& key) const;
};

// Parses `input`; false with `error` set when it is not JSON.
bool parse_json(const std::string& input, Json& out, std::string& error);

} // namespace mica::wasm::spectest
