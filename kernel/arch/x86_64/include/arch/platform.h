#pragma once
// What only the x86_64 backend knows how to find.

namespace mica {
class Uart;
}

namespace mica::arch {

struct Platform {
    // COM1 (I/O port 0x3f8), set to 115200 8N1; nullptr when no UART answers there.
    static Uart* legacy_console();
};

} // namespace mica::arch
