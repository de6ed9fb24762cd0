#include <boot/dtb/dtb_boot.h>
#include <lib/fdt.h>

namespace mica::boot {

namespace {

Result<void> add_region(BootInfo& info, uint64_t base, uint64_t size, MemoryKind kind) {
    if (size == 0)
        return {};
    if (base + size < base)
        return Error::Malformed; // wraps past the top of the address space
    return info.memory.try_append(MemoryRegion{base, size, kind});
}

Result<void> add_reg_regions(BootInfo& info, const FdtNode& node, MemoryKind kind) {
    FdtRegList regs = TRY(node.reg());
    for (FdtReg reg : regs)
        TRY(add_region(info, reg.address, reg.size, kind));
    return {};
}

// Memory nodes are the root's children with device_type "memory" (usually named memory@...).
Result<void> add_memory(BootInfo& info, const Fdt& fdt) {
    for (FdtNode node : fdt.root().children()) {
        auto type = node.property_string("device_type");
        if (!type || type.value() != "memory" || !node.is_enabled())
            continue;
        TRY(add_reg_regions(info, node, MemoryKind::Usable));
    }
    return {};
}

// Firmware (OpenSBI on riscv64, TF-A or a hypervisor on aarch64) protects its own memory this
// way; handing it to the allocator would let the kernel overwrite it.
Result<void> add_reserved(BootInfo& info, const Fdt& fdt) {
    for (FdtReservation reservation : fdt.reservations())
        TRY(add_region(info, reservation.address, reservation.size, MemoryKind::Reserved));

    auto reserved = fdt.root().child("reserved-memory");
    if (!reserved)
        return {};
    for (FdtNode node : reserved->children()) {
        // Children with only `size` ask the OS to pick a place; there is nothing to protect.
        if (!node.is_enabled() || !node.has_property("reg"))
            continue;
        TRY(add_reg_regions(info, node, MemoryKind::Reserved));
    }
    return {};
}

Result<void> add_initrd(BootInfo& info, const FdtNode& chosen) {
    auto start = chosen.property("linux,initrd-start");
    auto end = chosen.property("linux,initrd-end");
    if (!start && !end)
        return {};
    if (!start || !end)
        return Error::Malformed;
    auto first = start->as_integer();
    auto last = end->as_integer(); // exclusive
    if (!first || !last || last.value() < first.value())
        return Error::Malformed;
    if (last.value() == first.value())
        return {};
    return info.modules.try_append(
        BootModule{first.value(), last.value() - first.value(), StringView("initrd")});
}

} // namespace

Result<void> fill_from_dtb(BootInfo& info, PhysAddr dtb_phys, const void* dtb_virt,
                           size_t max_size) {
    Fdt fdt = TRY(Fdt::parse(dtb_virt, max_size));
    info.loader = "devicetree";
    info.dtb = dtb_phys;
    info.boot_blob = PhysRange{dtb_phys, fdt.total_size()};

    if (auto chosen = fdt.find_node("/chosen")) {
        if (auto bootargs = chosen->property_string("bootargs"))
            info.command_line = bootargs.value();
        TRY(add_initrd(info, chosen.value()));
    }
    TRY(add_memory(info, fdt));
    TRY(add_reserved(info, fdt));
    return {};
}

} // namespace mica::boot
