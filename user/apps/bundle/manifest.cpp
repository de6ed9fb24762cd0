#include "manifest.h"

namespace mica::apps {

namespace {

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_version_char(char c) {
    return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-';
}

bool all_of(StringView text, bool (*allowed)(char)) {
    for (char c : text) {
        if (!allowed(c))
            return false;
    }
    return true;
}

// "/data": one component of [a-z0-9._-], not "." or "..".
bool is_valid_guest(StringView guest) {
    if (guest.length() < 2 || guest.length() > kMaxGuestBytes || guest[0] != '/')
        return false;
    StringView component = guest.substring(1);
    if (component == "." || component == "..")
        return false;
    return all_of(component,
                  [](char c) { return is_lower_or_digit(c) || c == '.' || c == '_' || c == '-'; });
}

// Splits `line` at single spaces into at most `capacity` fields; false on an empty field (a
// double, leading or trailing space) or too many.
bool split_fields(StringView line, StringView* fields, size_t capacity, size_t& count) {
    count = 0;
    size_t start = 0;
    for (size_t i = 0; i <= line.length(); ++i) {
        if (i < line.length() && line[i] != ' ')
            continue;
        if (i == start || count == capacity)
            return false;
        fields[count++] = line.substring(start, i - start);
        start = i + 1;
    }
    return true;
}

} // namespace

void format_value(FormatSink& sink, const BundleError& error) {
    if (error.line != 0)
        format(sink, "manifest line {}: {}", error.line, error.reason);
    else
        format(sink, "at offset {:#x}: {}", error.offset, error.reason);
}

bool is_valid_app_name(StringView name) {
    return !name.is_empty() && name.length() <= kMaxAppNameBytes && name[0] >= 'a' &&
           name[0] <= 'z' && all_of(name, [](char c) { return is_lower_or_digit(c) || c == '-'; });
}

bool parse_manifest(StringView text, Manifest& manifest, BundleError& error) {
    manifest = Manifest{};
    uint32_t line_number = 0;
    auto fail = [&](const char* reason) {
        error = BundleError{reason, 0, line_number ? line_number : 1};
        return false;
    };
    if (text.is_empty() || text[text.length() - 1] != '\n') {
        line_number = 1;
        return fail("the manifest must be lines ending in a newline");
    }
    size_t start = 0;
    while (start < text.length()) {
        ++line_number;
        size_t end = text.find('\n', start);
        StringView line = text.substring(start, end - start);
        start = end + 1;
        for (char c : line) {
            if (c < 0x20 || c > 0x7e)
                return fail("only printable ASCII is allowed");
        }
        if (line.is_empty() || line[0] == '#')
            continue;
        StringView fields[3];
        size_t count = 0;
        if (!split_fields(line, fields, 3, count) || count < 2)
            return fail("expected 'key value' separated by single spaces");
        StringView key = fields[0];
        if (key == "name" || key == "version" || key == "entry") {
            if (count != 2)
                return fail("this key takes one value");
            StringView& slot = key == "name"      ? manifest.name
                               : key == "version" ? manifest.version
                                                  : manifest.entry;
            if (!slot.is_empty())
                return fail("key given twice");
            StringView value = fields[1];
            if (key == "name" && !is_valid_app_name(value))
                return fail("name must be 1-32 of [a-z0-9-], starting with a letter");
            if (key == "version" &&
                (value.length() > kMaxVersionBytes || !all_of(value, is_version_char)))
                return fail("version must be 1-32 of [A-Za-z0-9.+-]");
            if (key == "entry" && !value.ends_with(".wasm"))
                return fail("entry must name a .wasm module");
            slot = value;
        } else if (key == "dir") {
            if (count != 3)
                return fail("expected 'dir /<name> r' or 'dir /<name> rw'");
            if (!is_valid_guest(fields[1]))
                return fail("a dir must be '/' and one name of [a-z0-9._-]");
            if (fields[2] != "r" && fields[2] != "rw")
                return fail("a dir's access must be r or rw");
            for (size_t i = 0; i < manifest.directory_count; ++i) {
                if (manifest.directories[i].guest == fields[1])
                    return fail("dir requested twice");
            }
            if (manifest.directory_count == kMaxDirectoryRequests)
                return fail("too many dir lines (at most 8)");
            manifest.directories[manifest.directory_count++] = {fields[1], fields[2] == "rw"};
        } else {
            return fail("unknown key (name, version, entry, dir)");
        }
    }
    ++line_number; // errors about what is missing point just past the end
    if (manifest.name.is_empty())
        return fail("no name");
    if (manifest.version.is_empty())
        return fail("no version");
    if (manifest.entry.is_empty())
        return fail("no entry");
    return true;
}

} // namespace mica::apps
