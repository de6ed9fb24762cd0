#include <lib/fdt.h>
#include <platform/cpus.h>

namespace mica::platform {

Result<void> list_cpu_nodes(const Fdt& fdt, CpuIds& ids) {
    Optional<FdtNode> cpus = fdt.find_node("/cpus");
    if (!cpus)
        return Error::NotFound;
    for (FdtNode node : cpus->children()) {
        Optional<StringView> type = node.property_string("device_type");
        if (!type || type.value() != "cpu" || !node.is_enabled())
            continue;
        FdtRegList reg = TRY(node.reg());
        if (reg.count() == 0)
            return Error::Malformed; // a CPU node must say which CPU it is
        TRY(ids.try_append(reg[0].address));
    }
    if (ids.is_empty())
        return Error::NotFound;
    return {};
}

} // namespace mica::platform
