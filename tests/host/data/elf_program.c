// A tiny freestanding program that tests/host/elf_data.cmake links with clang-16 and lld for each
// ISA, as init will be linked: static, not position independent, no C library. It has code,
// read-only data, initialised data and .bss, so the linker emits R, R+X and R+W segments.

int counter = 3;
char scratch[8192];
const char message[] = "mica";

void _start(void) {
    for (;;) {
        counter += message[counter & 3];
        scratch[counter & 8191] += 1;
    }
}
