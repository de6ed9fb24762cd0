// Platform::legacy_console on riscv64: the SBI firmware console. The legacy (v0.1) putchar and
// getchar calls are in every OpenSBI, so a kernel whose DTB names no UART we drive still talks.

#include <arch/platform.h>
#include <arch/sbi.h>
#include <dev/uart/uart.h>

namespace mica::arch {

namespace {

class SbiConsole final : public Uart {
public:
    void put_byte(uint8_t byte) override { sbi::legacy_call(sbi::Extension::LegacyPutchar, byte); }

    int try_get_byte() override {
        int64_t result = sbi::legacy_call(sbi::Extension::LegacyGetchar);
        return result < 0 ? -1 : int(result & 0xff);
    }
};

constinit SbiConsole g_sbi_console;

} // namespace

Uart* Platform::legacy_console() {
    if (!sbi::probe(sbi::Extension::LegacyPutchar))
        return nullptr;
    return &g_sbi_console;
}

} // namespace mica::arch
