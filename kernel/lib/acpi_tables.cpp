#include <lib/acpi_tables.h>
#include <lib/bytes.h>

namespace mica::acpi {

namespace {

// FADT fields (ACPI 6.5, 5.2.9): the 32-bit DSDT address and, from ACPI 2.0, X_DSDT, which wins
// when it is present and non-zero.
constexpr size_t kFadtDsdt = 40;
constexpr size_t kFadtXDsdt = 140;

bool is_fadt(Bytes table) {
    return table[0] == 'F' && table[1] == 'A' && table[2] == 'C' && table[3] == 'P';
}

PhysAddr dsdt_address(Bytes fadt) {
    if (fadt.size() >= kFadtXDsdt + 8) {
        PhysAddr extended = load_le64(fadt.data() + kFadtXDsdt);
        if (extended != 0)
            return extended;
    }
    return fadt.size() >= kFadtDsdt + 4 ? load_le32(fadt.data() + kFadtDsdt) : 0;
}

} // namespace

Result<void> visit_tables(AcpiMemory& memory, const Rsdp& rsdp, TableVisitor& visitor) {
    bool extended = rsdp.revision >= 2 && rsdp.xsdt != 0;
    Bytes root = extended ? TRY(read_table(memory, rsdp.xsdt, "XSDT"))
                          : TRY(read_table(memory, rsdp.rsdt, "RSDT"));
    size_t entry_size = extended ? 8 : 4;
    Bytes entries = root.subspan(kHeaderSize);
    if (entries.size() % entry_size != 0)
        return Error::Malformed;
    PhysAddr dsdt = 0;
    for (size_t i = 0; i < entries.size(); i += entry_size) {
        PhysAddr address = extended ? load_le64(entries.data() + i) : load_le32(entries.data() + i);
        Result<Bytes> table = read_table(memory, address);
        if (table.is_error())
            continue;
        if (is_fadt(table.value()))
            dsdt = dsdt_address(table.value());
        TRY(visitor.table(table.value()));
    }
    if (dsdt != 0) {
        if (Result<Bytes> table = read_table(memory, dsdt, "DSDT"); table.is_ok())
            TRY(visitor.table(table.value()));
    }
    return {};
}

} // namespace mica::acpi
