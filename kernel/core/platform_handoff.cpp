#include <core/platform_handoff.h>
#include <lib/align.h>
#include <platform/acpi.h>
#include <platform/dtb.h>
#include <vm/page_table_format.h>

namespace mica {

namespace {

constexpr uint64_t kTableAlignment = 8;

// Two passes over the tables: the first sizes the object, the second fills it (firmware tables
// do not change in between).
class TableCopier final : public acpi::TableVisitor {
public:
    explicit TableCopier(MemoryObject* target) : m_target(target) {}

    Result<void> table(Bytes table) override {
        if (m_target != nullptr)
            TRY(m_target->write(m_offset, table.data(), table.size()));
        m_end = m_offset + table.size();
        m_offset = align_up(m_end, kTableAlignment);
        return {};
    }

    uint64_t size() const { return m_end; }

private:
    MemoryObject* m_target;
    uint64_t m_offset = 0;
    uint64_t m_end = 0;
};

Result<PlatformDescription> copy_bytes(Bytes bytes, abi::PlatformFormat format) {
    RefPtr<MemoryObject> memory = TRY(MemoryObject::create(align_up(bytes.size(), kPageSize)));
    TRY(memory->write(0, bytes.data(), bytes.size()));
    return PlatformDescription{move(memory), format, bytes.size()};
}

Result<PlatformDescription> copy_acpi_tables(const BootInfo& info) {
    TableCopier sizer(nullptr);
    TRY(platform::acpi_visit_tables(info, sizer));
    if (sizer.size() == 0)
        return Error::NotFound;
    RefPtr<MemoryObject> memory = TRY(MemoryObject::create(align_up(sizer.size(), kPageSize)));
    TableCopier copier(memory.get());
    TRY(platform::acpi_visit_tables(info, copier));
    return PlatformDescription{move(memory), abi::PlatformFormat::AcpiTables, copier.size()};
}

} // namespace

Result<PlatformDescription> capture_platform_description(const BootInfo& info) {
    if (info.dtb != 0) {
        Fdt fdt = TRY(platform::boot_fdt(info));
        return copy_bytes(fdt.bytes(), abi::PlatformFormat::DeviceTree);
    }
    if (info.acpi_rsdp != 0)
        return copy_acpi_tables(info);
    return Error::NotFound;
}

} // namespace mica
