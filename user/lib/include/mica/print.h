#pragma once
// Formatted text on the kernel console through debug_write, for programs that run before (or
// without) a console service. The pattern syntax is kernel/lib/format.h's:
//
//   mica::println("{}: {} bytes at {:#x}", name, size, address);
//
// Each call writes its text in chunks of at most 256 bytes (debug_write's limit), so a line up
// to that length reaches the console in one piece even when other processes print too.

#include <lib/format.h>
#include <lib/string_view.h>

namespace mica {

class ConsoleSink final : public FormatSink {
public:
    ConsoleSink() = default;
    ~ConsoleSink() { flush(); }
    ConsoleSink(const ConsoleSink&) = delete;
    ConsoleSink& operator=(const ConsoleSink&) = delete;

    void write(StringView text) override;
    void flush();

    static constexpr size_t kChunk = 256; // debug_write's maximum

private:
    char m_buffer[kChunk];
    size_t m_length = 0;
};

template <typename... Args>
void print(StringView pattern, const Args&... args) {
    ConsoleSink sink;
    format(sink, pattern, args...);
}

template <typename... Args>
void println(StringView pattern, const Args&... args) {
    ConsoleSink sink;
    format(sink, pattern, args...);
    sink.write("\n");
}

} // namespace mica
