#pragma once
// The caller's file, line and function, captured through default arguments. Used by panic(),
// ASSERT and unimplemented() so a report names the place that failed, not the reporter.

namespace mica {

class SourceLocation {
public:
    static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                            int line = __builtin_LINE(),
                                            const char* function = __builtin_FUNCTION()) {
        return SourceLocation(file, line, function);
    }

    constexpr const char* file() const { return m_file; }
    constexpr int line() const { return m_line; }
    constexpr const char* function() const { return m_function; }

private:
    constexpr SourceLocation(const char* file, int line, const char* function)
        : m_file(file), m_line(line), m_function(function) {}

    const char* m_file;
    int m_line;
    const char* m_function;
};

} // namespace mica
