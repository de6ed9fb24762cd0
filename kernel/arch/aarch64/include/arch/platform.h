#pragma once
// aarch64 has no UART every machine is guaranteed to have: the console comes from the DTB.

namespace mica {
class Uart;
}

namespace mica::arch {

struct Platform {
    static Uart* legacy_console() { return nullptr; }
};

} // namespace mica::arch
