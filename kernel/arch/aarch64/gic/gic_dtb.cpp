#include <arch/aarch64/gic/gic_dtb.h>

namespace mica::arch::gic {

namespace {

constexpr StringView kGicV3Compatibles[] = {"arm,gic-v3"};
constexpr StringView kGicV2Compatibles[] = {"arm,gic-400", "arm,cortex-a15-gic",
                                            "arm,cortex-a9-gic", "arm,cortex-a7-gic"};

Optional<FdtNode> find_enabled(const Fdt& fdt, Span<const StringView> compatibles) {
    for (StringView compatible : compatibles) {
        Optional<FdtNode> node = fdt.find_compatible(compatible);
        if (node && node->is_enabled())
            return node;
    }
    return {};
}

// The index-th reg entry as a CPU physical address.
Result<FdtReg> reg_at(const FdtNode& node, const FdtRegList& regs, size_t index) {
    if (index >= regs.count())
        return Error::Malformed;
    FdtReg reg = regs[index];
    reg.address = TRY(node.translate_address(reg.address));
    if (reg.size == 0)
        return Error::Malformed;
    return reg;
}

} // namespace

Result<GicDescription> describe_gic(const Fdt& fdt) {
    GicDescription gic;
    Optional<FdtNode> node = find_enabled(fdt, kGicV3Compatibles);
    if (node) {
        gic.version = 3;
    } else {
        node = find_enabled(fdt, kGicV2Compatibles);
        if (!node)
            return Error::NotFound;
        gic.version = 2;
    }
    FdtRegList regs = TRY(node->reg());
    gic.distributor = TRY(reg_at(node.value(), regs, 0));
    if (gic.version == 2) {
        gic.cpu_interface = TRY(reg_at(node.value(), regs, 1));
        return gic;
    }
    // reg: distributor, then #redistributor-regions regions, then CPU-interface extras we ignore.
    uint32_t regions = node->property_u32("#redistributor-regions").value_or(1);
    if (regions == 0 || regions > GicDescription::kMaxRedistributorRegions)
        return Error::Malformed;
    for (uint32_t i = 0; i < regions; ++i)
        TRY(gic.redistributors.try_append(TRY(reg_at(node.value(), regs, 1 + i))));
    if (Optional<FdtProperty> stride = node->property("redistributor-stride"))
        gic.redistributor_stride = stride->as_integer().value_or(0);
    return gic;
}

} // namespace mica::arch::gic
