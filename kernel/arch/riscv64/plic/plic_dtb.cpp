#include "plic_dtb.h"

namespace mica::arch {

namespace {

constexpr uint32_t kSupervisorExternalCause = 9;
constexpr StringView kCompatibles[] = {"riscv,plic0", "sifive,plic-1.0.0"};

Optional<FdtNode> find_plic_node(const Fdt& fdt) {
    for (StringView compatible : kCompatibles) {
        Optional<FdtNode> node = fdt.find_compatible(compatible);
        if (node && node->is_enabled())
            return node;
    }
    return {};
}

// The hart whose cpu node holds the interrupt controller with this phandle.
Optional<uint64_t> hart_of_intc(const Fdt& fdt, uint32_t phandle) {
    Optional<FdtNode> cpus = fdt.find_node("/cpus");
    if (!cpus)
        return {};
    for (FdtNode cpu : cpus->children()) {
        Optional<FdtNode> intc = cpu.child("interrupt-controller");
        if (!intc || intc->phandle().value_or(0) != phandle)
            continue;
        Result<FdtRegList> reg = cpu.reg();
        if (reg.is_error() || reg.value().count() == 0)
            return {};
        return reg.value()[0].address;
    }
    return {};
}

} // namespace

Result<PlicDescription> find_plic(const Fdt& fdt) {
    Optional<FdtNode> node = find_plic_node(fdt);
    if (!node)
        return Error::NotFound;
    PlicDescription plic;
    FdtRegList regs = TRY(node->reg());
    if (regs.count() == 0)
        return Error::Malformed;
    plic.base = TRY(node->translate_address(regs[0].address));
    plic.size = regs[0].size;
    Optional<uint32_t> lines = node->property_u32("riscv,ndev");
    if (!lines || lines.value() == 0 || lines.value() > 1023)
        return Error::Malformed;
    plic.line_count = lines.value();

    Optional<FdtProperty> targets = node->property("interrupts-extended");
    if (!targets)
        return Error::NotFound;
    size_t cell = 0;
    for (uint32_t context = 0; cell < targets->cell_count(); ++context) {
        uint32_t phandle = targets->cell(cell).value();
        Optional<FdtNode> intc = fdt.find_by_phandle(phandle);
        if (!intc)
            return Error::Malformed;
        uint32_t cells = intc->property_u32("#interrupt-cells").value_or(1);
        if (cells == 0 || cell + 1 + cells > targets->cell_count())
            return Error::Malformed;
        uint32_t cause = targets->cell(cell + 1).value();
        cell += 1 + cells;
        if (cause != kSupervisorExternalCause)
            continue;
        if (Optional<uint64_t> hart = hart_of_intc(fdt, phandle))
            TRY(plic.supervisor_contexts.try_append(PlicContext{hart.value(), context}));
    }
    if (plic.supervisor_contexts.is_empty())
        return Error::NotFound;
    return plic;
}

} // namespace mica::arch
