#include <wasm/wasi/path.h>

namespace mica::wasm::wasi {

namespace {

bool append(PathBuffer& out, StringView component) {
    size_t separator = out.length ? 1 : 0;
    if (out.length + separator + component.length() > kMaxPathLength)
        return false;
    if (separator)
        out.chars[out.length++] = '/';
    for (char c : component)
        out.chars[out.length++] = c;
    out.chars[out.length] = '\0';
    return true;
}

// Drops the last component; false when there is none (the root has no parent here).
bool pop(PathBuffer& out) {
    if (out.length == 0)
        return false;
    while (out.length && out.chars[out.length - 1] != '/')
        --out.length;
    if (out.length)
        --out.length; // the separator
    out.chars[out.length] = '\0';
    return true;
}

} // namespace

Errno resolve_path(StringView base, StringView path, PathBuffer& out) {
    out.length = 0;
    out.chars[0] = '\0';
    if (path.find('\0') != StringView::kNotFound)
        return Errno::Invalid;
    if (!path.is_empty() && path[0] == '/')
        return Errno::NotCapable;
    if (base.length() > kMaxPathLength)
        return Errno::NameTooLong;
    for (char c : base)
        out.chars[out.length++] = c;
    out.chars[out.length] = '\0';
    size_t start = 0;
    while (start <= path.length()) {
        size_t end = path.find('/', start);
        if (end == StringView::kNotFound)
            end = path.length();
        StringView component = path.substring(start, end - start);
        start = end + 1;
        if (component.is_empty() || component == ".")
            continue;
        if (component == "..") {
            if (!pop(out))
                return Errno::NotCapable;
            continue;
        }
        if (!append(out, component))
            return Errno::NameTooLong;
    }
    return Errno::Success;
}

} // namespace mica::wasm::wasi
