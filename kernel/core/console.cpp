#include <core/console.h>
#include <dev/uart/uart.h>

namespace mica::console {

namespace {

constexpr size_t kEarlyBufferSize = 8192;

class ConsoleSink final : public FormatSink {
public:
    void write(StringView text) override {
        for (char c : text)
            put(c);
    }

    void attach(Uart& uart) {
        m_uart = &uart;
        for (size_t i = 0; i < m_early_length; ++i)
            emit(m_early[i]);
        if (m_early_dropped)
            write("[console: early messages were cut off]\n");
        m_early_length = 0;
    }

    Uart* uart() const { return m_uart; }

private:
    void put(char c) {
        if (m_uart)
            emit(c);
        else if (m_early_length < kEarlyBufferSize)
            m_early[m_early_length++] = c;
        else
            m_early_dropped = true;
    }

    // Serial terminals want CR LF.
    void emit(char c) {
        if (c == '\n')
            m_uart->put_byte('\r');
        m_uart->put_byte(uint8_t(c));
    }

    Uart* m_uart = nullptr;
    char m_early[kEarlyBufferSize]{};
    size_t m_early_length = 0;
    bool m_early_dropped = false;
};

// constinit: the arch entry may print (into the early buffer) before constructors have run.
constinit ConsoleSink g_sink;

} // namespace

void attach(Uart& uart) { g_sink.attach(uart); }
bool is_attached() { return g_sink.uart() != nullptr; }
FormatSink& sink() { return g_sink; }

int try_read_byte() { return g_sink.uart() ? g_sink.uart()->try_get_byte() : -1; }

} // namespace mica::console
