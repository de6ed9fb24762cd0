#pragma once
// Just enough ACPI to learn the machine's shape before any driver runs: the RSDP (ACPI 1.0 and
// 2.0+), the RSDT/XSDT, and the MADT's processor entries. Tables come from firmware and are not
// trusted: every table's length is bounded and its checksum checked before it is read.
//
// Tables live at physical addresses; the caller supplies an AcpiMemory that turns a physical
// range into bytes it may read (the kernel's direct map, or a buffer in host tests).

#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>

namespace mica {

class AcpiMemory {
public:
    // A view of `size` bytes at `phys`, or an empty Bytes when that range is not readable.
    virtual Bytes read(PhysAddr phys, size_t size) = 0;

protected:
    ~AcpiMemory() = default;
};

namespace acpi {

constexpr size_t kRsdpV1Size = 20;
constexpr size_t kRsdpV2Size = 36;
constexpr size_t kHeaderSize = 36; // the System Description Table Header
// No table we read is anywhere near this; a larger length means a corrupt header.
constexpr uint32_t kMaxTableSize = 1u << 20;

struct Rsdp {
    uint8_t revision = 0;
    PhysAddr rsdt = 0;
    PhysAddr xsdt = 0; // 0 before ACPI 2.0
};

struct MadtProcessors {
    uint32_t enabled = 0;        // usable now
    uint32_t online_capable = 0; // disabled but may be brought online later
};

// The byte sum a valid structure has: zero.
uint8_t checksum(Bytes bytes);

// Checks the signature and checksums ("RSD PTR ", the 1.0 checksum over 20 bytes and, for
// revision 2 and later, the extended checksum over `length` bytes, all of which must be given).
Result<Rsdp> parse_rsdp(Bytes bytes);

// Reads and checks the RSDP at `phys` (the 2.0 length when readable, else 1.0's 20 bytes).
Result<Rsdp> read_rsdp(AcpiMemory& memory, PhysAddr phys);

// Reads the table header at `phys`, then the whole table, and checks its length and checksum.
// `signature` (4 characters) must match when it is not empty.
Result<Bytes> read_table(AcpiMemory& memory, PhysAddr phys, StringView signature = {});

// Finds a table by signature through the XSDT (when the RSDP has one) or the RSDT.
Result<Bytes> find_table(AcpiMemory& memory, const Rsdp& rsdp, StringView signature);

// Counts the processor local APIC and x2APIC entries of a MADT (already checksummed).
Result<MadtProcessors> count_madt_processors(Bytes madt);

// MADT entries (ACPI 6.5, 5.2.12), decoded. Polarity and trigger mode of an interrupt source
// override: "conforms" means the bus's default (ISA: active high, edge).
enum class MadtPolarity : uint8_t { Conforms = 0, ActiveHigh = 1, ActiveLow = 3 };
enum class MadtTrigger : uint8_t { Conforms = 0, Edge = 1, Level = 3 };

struct MadtProcessor {
    uint32_t apic_id = 0;       // local APIC or x2APIC id
    uint32_t processor_uid = 0; // ACPI processor UID
    bool enabled = false;
    bool online_capable = false;
    bool x2apic = false; // from a Local x2APIC entry
};

struct MadtIoApic {
    uint8_t id = 0;
    PhysAddr address = 0;
    uint32_t gsi_base = 0; // first global system interrupt it handles
};

struct MadtInterruptOverride {
    uint8_t bus = 0;    // 0: ISA
    uint8_t source = 0; // the bus-relative IRQ
    uint32_t gsi = 0;
    MadtPolarity polarity = MadtPolarity::Conforms;
    MadtTrigger trigger = MadtTrigger::Conforms;
};

// Receives the entries of walk_madt() in table order; the defaults ignore them.
class MadtVisitor {
public:
    virtual void processor(const MadtProcessor&) {}
    virtual void io_apic(const MadtIoApic&) {}
    virtual void interrupt_override(const MadtInterruptOverride&) {}

protected:
    ~MadtVisitor() = default;
};

struct MadtHeader {
    PhysAddr local_apic_address = 0; // with a Local APIC Address Override applied
    bool has_8259 = false;           // PCAT_COMPAT: legacy PICs present (mask them)
};

// Walks a MADT (already checksummed), calling `visitor` for each processor, I/O APIC and
// interrupt source override; other entry types are skipped. Processor entries with the broadcast
// id 0xff describe no CPU and are not reported. Every entry's length is checked first.
Result<MadtHeader> walk_madt(Bytes madt, MadtVisitor& visitor);

// RSDP (2.0 or 1.0) → RSDT/XSDT → the MADT, checksummed.
Result<Bytes> find_madt(AcpiMemory& memory, PhysAddr rsdp);

// RSDP → RSDT/XSDT → MADT → enabled plus online-capable processors.
Result<uint32_t> count_cpus(AcpiMemory& memory, PhysAddr rsdp);

} // namespace acpi

} // namespace mica
