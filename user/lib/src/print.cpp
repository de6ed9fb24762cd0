#include <abi/user_syscalls.h>
#include <mica/print.h>

namespace mica {

void ConsoleSink::write(StringView text) {
    for (char c : text) {
        if (m_length == kChunk)
            flush();
        m_buffer[m_length++] = c;
    }
}

void ConsoleSink::flush() {
    if (m_length == 0)
        return;
    // Nowhere to report a failure to: this is the report channel.
    (void)sys::debug_write(m_buffer, m_length);
    m_length = 0;
}

} // namespace mica
