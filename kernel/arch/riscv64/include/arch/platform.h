#pragma once
// What only riscv64 knows how to find: with no usable DTB console, the SBI firmware console
// (legacy putchar/getchar) is the UART every S-mode kernel has.

namespace mica {
class Uart;
}

namespace mica::arch {

struct Platform {
    static Uart* legacy_console();
};

} // namespace mica::arch
