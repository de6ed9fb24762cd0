#pragma once
// Every ACPI table the firmware lists, for handing the whole description to user space (the
// driver manager reads MCFG, the MADT and the rest there; the kernel itself needs only the MADT).

#include <lib/acpi.h>

namespace mica::acpi {

// Receives each table, already length- and checksum-checked, in XSDT/RSDT order and then the
// DSDT the FADT points to. An error from the visitor stops the walk and is returned.
class TableVisitor {
public:
    virtual Result<void> table(Bytes table) = 0;

protected:
    ~TableVisitor() = default;
};

// Walks the root table. Entries that do not lead to a valid table (dangling, bad checksum) are
// skipped, as find_table() skips them: one broken table must not hide the others.
Result<void> visit_tables(AcpiMemory& memory, const Rsdp& rsdp, TableVisitor& visitor);

} // namespace mica::acpi
