#include "bios_rsdp.h"

#include <arch/mmu.h>
#include <lib/acpi.h>
#include <lib/bytes.h>

namespace mica::arch {

namespace {

constexpr PhysAddr kEbdaSegmentPointer = 0x40e; // in the BIOS data area
constexpr uint64_t kEbdaSearchSize = 1024;
constexpr PhysAddr kBiosAreaStart = 0xe0000;
constexpr PhysAddr kBiosAreaEnd = 0x100000;

PhysAddr scan(PhysAddr start, PhysAddr end) {
    for (PhysAddr at = start; at + acpi::kRsdpV1Size <= end; at += 16) {
        const auto* bytes = static_cast<const uint8_t*>(EarlyMmu::phys_to_virt(at));
        // Revision 2 RSDPs are 36 bytes; near the end of the area only the 1.0 part may fit.
        size_t available = end - at < acpi::kRsdpV2Size ? acpi::kRsdpV1Size : acpi::kRsdpV2Size;
        if (acpi::parse_rsdp(Bytes(bytes, available)).is_ok())
            return at;
    }
    return 0;
}

} // namespace

PhysAddr find_bios_rsdp() {
    const auto* segment = static_cast<const uint8_t*>(EarlyMmu::phys_to_virt(kEbdaSegmentPointer));
    PhysAddr ebda = PhysAddr(load_le16(segment)) << 4;
    if (ebda >= 0x80000 && ebda < kBiosAreaStart) {
        if (PhysAddr found = scan(ebda, ebda + kEbdaSearchSize))
            return found;
    }
    return scan(kBiosAreaStart, kBiosAreaEnd);
}

} // namespace mica::arch
