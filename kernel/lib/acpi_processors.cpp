#include <lib/acpi_processors.h>
#include <lib/bytes.h>

namespace mica::acpi {

namespace {
// ACPI 6.5, 5.2.12: entries start after the header, the local APIC address and the flags.
constexpr size_t kMadtEntries = 44;
constexpr uint8_t kLocalApic = 0;
constexpr uint8_t kLocalX2Apic = 9;
constexpr size_t kLocalApicEntrySize = 8;
constexpr size_t kLocalX2ApicEntrySize = 16;
constexpr uint32_t kEnabled = 1u << 0;
constexpr uint8_t kBroadcastApicId = 0xff; // names no CPU
} // namespace

Result<void> list_madt_processors(Bytes madt, ProcessorIds& ids) {
    if (madt.size() < kMadtEntries)
        return Error::Truncated;
    for (size_t offset = kMadtEntries; offset < madt.size();) {
        if (madt.size() - offset < 2)
            return Error::Truncated;
        const uint8_t* entry = madt.data() + offset;
        uint8_t type = entry[0], length = entry[1];
        if (length < 2)
            return Error::Malformed;
        if (length > madt.size() - offset)
            return Error::Truncated;
        if (type == kLocalApic) {
            if (length < kLocalApicEntrySize)
                return Error::Malformed;
            if (entry[3] != kBroadcastApicId && (load_le32(entry + 4) & kEnabled))
                TRY(ids.try_append(entry[3]));
        } else if (type == kLocalX2Apic) {
            if (length < kLocalX2ApicEntrySize)
                return Error::Malformed;
            if (load_le32(entry + 8) & kEnabled)
                TRY(ids.try_append(load_le32(entry + 4)));
        }
        offset += length;
    }
    return {};
}

} // namespace mica::acpi
