#pragma once
// Loads the device tree blobs tests/host/fdt_data.cmake builds: hand-written .dts files
// compiled by dtc, and the trees QEMU's virt machines generate.

#include "test_files.h"

#include <cstdint>
#include <string>
#include <vector>

#ifndef MICA_TEST_DATA_DIR
#error "MICA_TEST_DATA_DIR must name the directory of the built .dtb files (fdt_data.cmake)"
#endif

namespace mica::test {

// Empty when the file is missing; tests assert on that with the file's name.
inline std::vector<uint8_t> load_blob(const std::string& name) {
    return read_file(MICA_TEST_DATA_DIR, name);
}

// The QEMU dumps, all made with -m 128M -smp 4.
constexpr const char* kQemuAarch64 = "qemu-aarch64-virt.dtb";
constexpr const char* kQemuAarch64Gic3 = "qemu-aarch64-virt-gicv3.dtb";
constexpr const char* kQemuRiscv64 = "qemu-riscv64-virt.dtb";

} // namespace mica::test
