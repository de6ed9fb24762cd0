#include "legacy_pic.h"
#include "vectors.h"

#include <arch/io.h>

namespace mica::arch {

namespace {

constexpr IoPort kMasterCommand = 0x20;
constexpr IoPort kMasterData = 0x21;
constexpr IoPort kSlaveCommand = 0xa0;
constexpr IoPort kSlaveData = 0xa1;
constexpr IoPort kDelayPort = 0x80; // POST diagnostics: a write gives the PIC time to settle

// Initialization command words (8259A datasheet).
constexpr uint8_t kIcw1InitWithIcw4 = 0x11;
constexpr uint8_t kIcw3MasterHasSlaveOnIrq2 = 1u << 2;
constexpr uint8_t kIcw3SlaveId = 2;
constexpr uint8_t kIcw4Mode8086 = 0x01;
constexpr uint8_t kMaskAll = 0xff;

void write_slowly(IoPort port, uint8_t value) {
    out8(port, value);
    out8(kDelayPort, 0);
}

} // namespace

void disable_legacy_pic() {
    write_slowly(kMasterCommand, kIcw1InitWithIcw4);
    write_slowly(kSlaveCommand, kIcw1InitWithIcw4);
    write_slowly(kMasterData, vectors::kLegacyPicBase);
    write_slowly(kSlaveData, vectors::kLegacyPicBase + 8);
    write_slowly(kMasterData, kIcw3MasterHasSlaveOnIrq2);
    write_slowly(kSlaveData, kIcw3SlaveId);
    write_slowly(kMasterData, kIcw4Mode8086);
    write_slowly(kSlaveData, kIcw4Mode8086);
    write_slowly(kMasterData, kMaskAll);
    write_slowly(kSlaveData, kMaskAll);
}

} // namespace mica::arch
