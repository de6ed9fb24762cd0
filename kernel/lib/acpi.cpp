#include <lib/acpi.h>
#include <lib/bytes.h>

namespace mica::acpi {

namespace {

// Field offsets (ACPI 6.5, 5.2.5 RSDP; 5.2.6 header; 5.2.12 MADT).
constexpr size_t kRsdpRevision = 15;
constexpr size_t kRsdpRsdtAddress = 16;
constexpr size_t kRsdpLength = 20;
constexpr size_t kRsdpXsdtAddress = 24;
constexpr size_t kHeaderLength = 4;
constexpr size_t kMadtEntries = 44; // after the header, local APIC address and flags

constexpr size_t kMadtLocalApicAddress = 36;
constexpr size_t kMadtFlags = 40;
constexpr uint32_t kMadtPcatCompat = 1u << 0;

enum MadtEntryType : uint8_t {
    kLocalApic = 0,
    kIoApic = 1,
    kInterruptSourceOverride = 2,
    kLocalApicAddressOverride = 5,
    kLocalX2Apic = 9,
};
// The smallest length each entry type may have (later ACPI revisions may append fields).
constexpr size_t kLocalApicEntrySize = 8;
constexpr size_t kIoApicEntrySize = 12;
constexpr size_t kInterruptSourceOverrideEntrySize = 10;
constexpr size_t kLocalApicAddressOverrideEntrySize = 12;
constexpr size_t kLocalX2ApicEntrySize = 16;
constexpr uint32_t kProcessorEnabled = 1u << 0;
constexpr uint32_t kProcessorOnlineCapable = 1u << 1;
constexpr uint8_t kBroadcastApicId = 0xff;

MadtProcessor make_processor(uint32_t apic_id, uint32_t uid, uint32_t flags, bool x2apic) {
    return {.apic_id = apic_id,
            .processor_uid = uid,
            .enabled = (flags & kProcessorEnabled) != 0,
            .online_capable =
                (flags & kProcessorEnabled) == 0 && (flags & kProcessorOnlineCapable) != 0,
            .x2apic = x2apic};
}

// Bits 1:0 polarity, 3:2 trigger mode of the MPS INTI flags; the reserved value 2 is treated as
// "conforms" (the bus default) rather than trusted.
MadtPolarity polarity_of(uint16_t flags) {
    switch (flags & 3) {
    case 1: return MadtPolarity::ActiveHigh;
    case 3: return MadtPolarity::ActiveLow;
    default: return MadtPolarity::Conforms;
    }
}
MadtTrigger trigger_of(uint16_t flags) {
    switch ((flags >> 2) & 3) {
    case 1: return MadtTrigger::Edge;
    case 3: return MadtTrigger::Level;
    default: return MadtTrigger::Conforms;
    }
}

class ProcessorCounter final : public MadtVisitor {
public:
    void processor(const MadtProcessor& processor) override {
        if (processor.enabled)
            ++count.enabled;
        else if (processor.online_capable)
            ++count.online_capable;
    }
    MadtProcessors count;
};

bool has_signature(Bytes bytes, StringView signature) {
    if (bytes.size() < signature.length())
        return false;
    for (size_t i = 0; i < signature.length(); ++i) {
        if (bytes[i] != uint8_t(signature[i]))
            return false;
    }
    return true;
}

} // namespace

uint8_t checksum(Bytes bytes) {
    uint8_t sum = 0;
    for (uint8_t byte : bytes)
        sum = uint8_t(sum + byte);
    return sum;
}

Result<Rsdp> parse_rsdp(Bytes bytes) {
    if (bytes.size() < kRsdpV1Size)
        return Error::Truncated;
    if (!has_signature(bytes, "RSD PTR "))
        return Error::Malformed;
    if (checksum(bytes.subspan(0, kRsdpV1Size)) != 0)
        return Error::Malformed;
    Rsdp rsdp{.revision = bytes[kRsdpRevision], .rsdt = load_le32(bytes.data() + kRsdpRsdtAddress)};
    if (rsdp.revision < 2)
        return rsdp;
    if (bytes.size() < kRsdpV2Size)
        return Error::Truncated;
    uint32_t length = load_le32(bytes.data() + kRsdpLength);
    if (length < kRsdpV2Size)
        return Error::Malformed;
    if (length > bytes.size())
        return Error::Truncated;
    if (checksum(bytes.subspan(0, length)) != 0)
        return Error::Malformed;
    rsdp.xsdt = load_le64(bytes.data() + kRsdpXsdtAddress);
    return rsdp;
}

Result<Bytes> read_table(AcpiMemory& memory, PhysAddr phys, StringView signature) {
    if (phys == 0)
        return Error::NotFound;
    Bytes header = memory.read(phys, kHeaderSize);
    if (header.size() < kHeaderSize)
        return Error::OutOfRange;
    if (!signature.is_empty() && !has_signature(header, signature))
        return Error::Malformed;
    uint32_t length = load_le32(header.data() + kHeaderLength);
    if (length < kHeaderSize || length > kMaxTableSize)
        return Error::Malformed;
    Bytes table = memory.read(phys, length);
    if (table.size() < length)
        return Error::OutOfRange;
    if (checksum(table) != 0)
        return Error::Malformed;
    return table;
}

Result<Bytes> find_table(AcpiMemory& memory, const Rsdp& rsdp, StringView signature) {
    // ACPI 2.0+ firmware must use the XSDT when it has one; the RSDT is for 1.0 readers.
    bool extended = rsdp.revision >= 2 && rsdp.xsdt != 0;
    Bytes root = extended ? TRY(read_table(memory, rsdp.xsdt, "XSDT"))
                          : TRY(read_table(memory, rsdp.rsdt, "RSDT"));
    size_t entry_size = extended ? 8 : 4;
    Bytes entries = root.subspan(kHeaderSize);
    if (entries.size() % entry_size != 0)
        return Error::Malformed;
    for (size_t i = 0; i < entries.size(); i += entry_size) {
        PhysAddr table = extended ? load_le64(entries.data() + i) : load_le32(entries.data() + i);
        Bytes header = memory.read(table, kHeaderSize);
        // A dangling entry is skipped rather than fatal: the table we want may still be there.
        if (header.size() < kHeaderSize || !has_signature(header, signature))
            continue;
        return read_table(memory, table, signature);
    }
    return Error::NotFound;
}

Result<MadtHeader> walk_madt(Bytes madt, MadtVisitor& visitor) {
    if (madt.size() < kMadtEntries)
        return Error::Truncated;
    MadtHeader header{.local_apic_address = load_le32(madt.data() + kMadtLocalApicAddress),
                      .has_8259 = (load_le32(madt.data() + kMadtFlags) & kMadtPcatCompat) != 0};
    for (size_t offset = kMadtEntries; offset < madt.size();) {
        if (madt.size() - offset < 2)
            return Error::Truncated;
        uint8_t type = madt[offset];
        uint8_t length = madt[offset + 1];
        if (length < 2)
            return Error::Malformed; // would never advance
        if (length > madt.size() - offset)
            return Error::Truncated;
        const uint8_t* entry = madt.data() + offset;
        switch (type) {
        case kLocalApic:
            if (length < kLocalApicEntrySize)
                return Error::Malformed;
            // APIC ID 0xff is the broadcast ID: such an entry describes no CPU.
            if (entry[3] != kBroadcastApicId)
                visitor.processor(make_processor(entry[3], entry[2], load_le32(entry + 4), false));
            break;
        case kLocalX2Apic:
            if (length < kLocalX2ApicEntrySize)
                return Error::Malformed;
            visitor.processor(make_processor(load_le32(entry + 4), load_le32(entry + 12),
                                             load_le32(entry + 8), true));
            break;
        case kIoApic:
            if (length < kIoApicEntrySize)
                return Error::Malformed;
            visitor.io_apic({.id = entry[2],
                             .address = load_le32(entry + 4),
                             .gsi_base = load_le32(entry + 8)});
            break;
        case kInterruptSourceOverride: {
            if (length < kInterruptSourceOverrideEntrySize)
                return Error::Malformed;
            uint16_t flags = load_le16(entry + 8);
            visitor.interrupt_override({.bus = entry[2],
                                        .source = entry[3],
                                        .gsi = load_le32(entry + 4),
                                        .polarity = polarity_of(flags),
                                        .trigger = trigger_of(flags)});
            break;
        }
        case kLocalApicAddressOverride:
            if (length < kLocalApicAddressOverrideEntrySize)
                return Error::Malformed;
            header.local_apic_address = load_le64(entry + 4);
            break;
        default: break;
        }
        offset += length;
    }
    return header;
}

Result<MadtProcessors> count_madt_processors(Bytes madt) {
    ProcessorCounter counter;
    TRY(walk_madt(madt, counter));
    return counter.count;
}

Result<Rsdp> read_rsdp(AcpiMemory& memory, PhysAddr rsdp_phys) {
    // Read the 2.0 size when available; a 1.0 RSDP at the very end of readable memory is
    // still fine with its 20 bytes.
    Bytes rsdp_bytes = memory.read(rsdp_phys, kRsdpV2Size);
    if (rsdp_bytes.size() < kRsdpV2Size)
        rsdp_bytes = memory.read(rsdp_phys, kRsdpV1Size);
    return parse_rsdp(rsdp_bytes);
}

Result<Bytes> find_madt(AcpiMemory& memory, PhysAddr rsdp_phys) {
    Rsdp rsdp = TRY(read_rsdp(memory, rsdp_phys));
    return find_table(memory, rsdp, "APIC");
}

Result<uint32_t> count_cpus(AcpiMemory& memory, PhysAddr rsdp_phys) {
    Bytes madt = TRY(find_madt(memory, rsdp_phys));
    MadtProcessors processors = TRY(count_madt_processors(madt));
    uint32_t total = processors.enabled + processors.online_capable;
    if (total == 0)
        return Error::NotFound;
    return total;
}

} // namespace mica::acpi
