#include <lib/acpi.h>
#include <lib/acpi_processors.h>

namespace mica::acpi {

namespace {

// Collects the enabled processors walk_madt() reports; the first error (a full list) sticks.
class EnabledProcessors final : public MadtVisitor {
public:
    explicit EnabledProcessors(ProcessorIds& ids) : m_ids(ids) {}

    void processor(const MadtProcessor& processor) override {
        if (processor.enabled && m_result.is_ok())
            m_result = m_ids.try_append(processor.apic_id);
    }

    Result<void> result() const { return m_result; }

private:
    ProcessorIds& m_ids;
    Result<void> m_result;
};

} // namespace

Result<void> list_madt_processors(Bytes madt, ProcessorIds& ids) {
    EnabledProcessors visitor(ids);
    TRY(walk_madt(madt, visitor));
    return visitor.result();
}

} // namespace mica::acpi
