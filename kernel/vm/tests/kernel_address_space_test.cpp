// The kernel's own page table on the real MMU: mappings appear and disappear (so TLB invalidation
// works), protections fault with the right decoding, the image is W^X, the direct map covers all
// RAM the allocator manages, and device mappings are uncached.

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <core/expect_exception.h>
#include <core/image_sections.h>
#include <core/kernel_main.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <core/panic.h>
#include <vm/device_map.h>
#include <vm/kernel_address_space.h>
#include <vm/physical_memory.h>

using namespace mica;

namespace {

constexpr VirtAddr kScratch = kScratchBase;
constexpr PageFlags kReadOnly{.writable = false, .global = true};

volatile uint64_t* direct(PhysAddr frame) {
    return static_cast<volatile uint64_t*>(arch::EarlyMmu::phys_to_virt(frame));
}
volatile uint64_t* scratch(uint64_t offset = 0) {
    return reinterpret_cast<volatile uint64_t*>(kScratch + offset);
}

// A frame filled with `pattern`, freed when the test ends.
struct TestFrame {
    explicit TestFrame(uint64_t pattern) {
        Result<PhysAddr> frame = physical_memory::allocate_frame();
        ASSERT(frame.is_ok());
        address = frame.value();
        for (size_t i = 0; i < 512; ++i)
            direct(address)[i] = pattern + i;
    }
    ~TestFrame() { (void)physical_memory::free_frame(address); }
    PhysAddr address;
};

uint64_t g_writable_word = 1;
const volatile uint64_t g_read_only_word = 2;

} // namespace

KTEST(kernel_vm, kernel_table_is_active) { KEXPECT(kernel_address_space::is_active()); }

KTEST(kernel_vm, map_unmap_remap) {
    TestFrame a(0xa000), b(0xb000);
    KASSERT(kernel_address_space::map(kScratch, a.address, 4096, kKernelData).is_ok());
    KEXPECT_EQ(*scratch(8), 0xa001u);
    *scratch(16) = 0x5eed;
    KEXPECT_EQ(direct(a.address)[2], 0x5eedu); // the same frame through the direct map

    KASSERT(kernel_address_space::unmap(kScratch, 4096).is_ok());
    KEXPECT(!kernel_address_space::query(kScratch).has_value());
    {
        ExpectException fault(ExceptionKind::PageFault);
        uint64_t value = 0;
        // A stale TLB entry would let this read succeed.
        KEXPECT(!arch::Cpu::probe_read(scratch(), value));
        KASSERT(fault.count() == 1u);
        KEXPECT_EQ(fault.last().fault_address, kScratch);
        KEXPECT(fault.last().access == AccessKind::Read);
    }

    KASSERT(kernel_address_space::map(kScratch, b.address, 4096, kKernelData).is_ok());
    KEXPECT_EQ(*scratch(8), 0xb001u);
    KASSERT(kernel_address_space::unmap(kScratch, 4096).is_ok());
}

KTEST(kernel_vm, mapping_over_a_mapping_is_refused) {
    TestFrame a(1);
    KASSERT(kernel_address_space::map(kScratch, a.address, 4096, kKernelData).is_ok());
    Result<void> again = kernel_address_space::map(kScratch, a.address, 4096, kKernelData);
    KEXPECT(again.is_error() && again.error() == Error::AlreadyExists);
    KASSERT(kernel_address_space::unmap(kScratch, 4096).is_ok());
}

KTEST(kernel_vm, write_to_read_only_mapping_faults) {
    TestFrame a(0x1000);
    KASSERT(kernel_address_space::map(kScratch, a.address, 4096, kReadOnly).is_ok());
    uint64_t value = 0;
    KEXPECT(arch::Cpu::probe_read(scratch(), value));
    KEXPECT_EQ(value, 0x1000u);
    {
        ExpectException fault(ExceptionKind::PageFault);
        KEXPECT(!arch::Cpu::probe_write(scratch(8), 77));
        KASSERT(fault.count() == 1u);
        KEXPECT(fault.last().access == AccessKind::Write);
        KEXPECT_EQ(fault.last().fault_address, kScratch + 8);
    }
    KEXPECT_EQ(direct(a.address)[1], 0x1001u); // nothing was written

    // protect() lifts it, and takes effect at once.
    KASSERT(kernel_address_space::protect(kScratch, 4096, kKernelData).is_ok());
    KEXPECT(arch::Cpu::probe_write(scratch(8), 77));
    KEXPECT_EQ(direct(a.address)[1], 77u);
    KASSERT(kernel_address_space::unmap(kScratch, 4096).is_ok());
}

KTEST(kernel_vm, execute_from_no_execute_mapping_faults) {
    TestFrame code(0);
    Span<const uint8_t> ret = arch::Cpu::return_instruction();
    auto* bytes = reinterpret_cast<volatile uint8_t*>(direct(code.address));
    for (size_t i = 0; i < ret.size(); ++i)
        bytes[i] = ret[i];

    // Positive control: the same bytes run when the mapping is executable.
    KASSERT(kernel_address_space::map(kScratch, code.address, 4096, kKernelCode).is_ok());
    arch::Cpu::sync_instruction_cache(kScratch, ret.size());
    KEXPECT(arch::Cpu::probe_execute(kScratch));

    KASSERT(kernel_address_space::protect(kScratch, 4096, kKernelData).is_ok());
    {
        ExpectException fault(ExceptionKind::PageFault);
        KEXPECT(!arch::Cpu::probe_execute(kScratch));
        KASSERT(fault.count() == 1u);
        KEXPECT(fault.last().access == AccessKind::Execute);
        KEXPECT_EQ(fault.last().fault_address, kScratch);
    }
    KASSERT(kernel_address_space::unmap(kScratch, 4096).is_ok());
}

KTEST(kernel_vm, kernel_image_is_w_xor_x) {
    auto text = reinterpret_cast<volatile uint64_t*>(&kernel_main);
    auto rodata = const_cast<volatile uint64_t*>(&g_read_only_word);
    {
        ExpectException fault(ExceptionKind::PageFault);
        KEXPECT(!arch::Cpu::probe_write(text, 0));
        KEXPECT(!arch::Cpu::probe_write(rodata, 0));
        KEXPECT_EQ(fault.count(), 2u);
    }
    KEXPECT(arch::Cpu::probe_write(reinterpret_cast<volatile uint64_t*>(&g_writable_word), 3));
    KEXPECT_EQ(g_writable_word, 3u);

    Optional<Translation> code = kernel_address_space::query(reinterpret_cast<VirtAddr>(text));
    KASSERT(code.has_value());
    KEXPECT(code->flags.executable && !code->flags.writable);
    Optional<Translation> data = kernel_address_space::query(VirtAddr(&g_writable_word));
    KASSERT(data.has_value());
    KEXPECT(data->flags.writable && !data->flags.executable);
    Optional<Translation> bss = kernel_address_space::query(VirtAddr(__bss_start));
    KASSERT(bss.has_value());
    KEXPECT(bss->flags.writable && !bss->flags.executable);
    Optional<Translation> rodata_page = kernel_address_space::query(VirtAddr(rodata));
    KASSERT(rodata_page.has_value());
    KEXPECT(!rodata_page->flags.writable && !rodata_page->flags.executable);
}

KTEST(kernel_vm, direct_map_covers_all_ram) {
    const PhysicalMap& map = physical_memory::map();
    KASSERT(map.ranges.size() > 0);
    uint64_t checked = 0;
    for (const PhysRange& range : map.ranges) {
        const PhysAddr pages[] = {range.base, range.base + range.size / 2 / 4096 * 4096,
                                  range.base + range.size - 4096};
        for (PhysAddr page : pages) {
            Optional<Translation> hit = kernel_address_space::query(kDirectMapBase + page);
            KASSERT(hit.has_value());
            KEXPECT_EQ(hit->physical, page);
            KEXPECT(hit->flags.writable && !hit->flags.executable);
            uint64_t value = 0;
            KEXPECT(arch::Cpu::probe_read(direct(page), value));
            ++checked;
        }
    }
    const physical_memory::Reservations& kept = physical_memory::reservations();
    const PhysRange reserved[] = {kept.kernel_image, kept.boot_blob, kept.frame_map};
    for (PhysRange range : reserved) {
        if (range.size)
            KEXPECT(kernel_address_space::query(kDirectMapBase + range.base).has_value());
    }
    KEXPECT(checked >= 3);
}

KTEST(kernel_vm, device_mappings_are_uncached_and_never_executable) {
    TestFrame frame(0xd000);
    Result<void*> registers = map_device(frame.address + 0x10, 8);
    KASSERT(registers.is_ok());
    auto address = reinterpret_cast<VirtAddr>(registers.value());
    KEXPECT_EQ(address % 4096, 0x10u);
    KEXPECT(address >= kDeviceMapBase && address < kDeviceMapBase + kDeviceMapSize);
    Optional<Translation> page = kernel_address_space::query(address);
    KASSERT(page.has_value());
    KEXPECT(page->flags.type == MemoryType::Device);
    KEXPECT(!page->flags.executable);
    KEXPECT_EQ(page->physical, frame.address + 0x10);
    KEXPECT_EQ(*static_cast<volatile uint64_t*>(registers.value()), 0xd002u);
    // Each mapping is followed by an unmapped guard page.
    KEXPECT(!kernel_address_space::query(address - 0x10 + 4096).has_value());
    for (const DeviceMapping& early : arch::EarlyMmu::device_mappings()) {
        Optional<Translation> kept = kernel_address_space::query(early.virt);
        KASSERT(kept.has_value());
        KEXPECT_EQ(kept->physical, early.phys);
        KEXPECT(kept->flags.type == MemoryType::Device);
    }
}

KTEST(kernel_vm, large_ranges_use_large_pages_and_split_cleanly) {
    // 4 MiB of fresh frames, mapped 2 MiB-aligned, then a hole punched in the middle. Away from
    // kScratchBase, where the tests above left a table of 4 KiB pages behind (unmap keeps tables
    // that become empty until the address space goes away).
    constexpr VirtAddr kScratch = kScratchBase + (8u << 20);
    auto scratch = [](uint64_t offset) {
        return reinterpret_cast<volatile uint64_t*>(kScratch + offset);
    };
    Result<PhysAddr> block = physical_memory::allocate(10);
    KASSERT(block.is_ok());
    KASSERT(kernel_address_space::map(kScratch, block.value(), 4u << 20, kKernelData).is_ok());
    KEXPECT_EQ(kernel_address_space::query(kScratch)->page_size, 2u << 20);
    KASSERT(kernel_address_space::unmap(kScratch + (1u << 20), 4096).is_ok());
    uint64_t value = 0;
    {
        ExpectException fault(ExceptionKind::PageFault);
        KEXPECT(!arch::Cpu::probe_read(scratch(1u << 20), value));
        KEXPECT_EQ(fault.count(), 1u);
    }
    KEXPECT(arch::Cpu::probe_write(scratch((1u << 20) + 4096), 9));
    KEXPECT_EQ(direct(block.value() + (1u << 20) + 4096)[0], 9u);
    KEXPECT(arch::Cpu::probe_write(scratch((1u << 20) - 8), 10));
    KEXPECT_EQ(kernel_address_space::query(kScratch + (3u << 20))->page_size, 2u << 20);
    KASSERT(kernel_address_space::unmap(kScratch, 4u << 20).is_ok());
    KEXPECT(physical_memory::free(block.value(), 10).is_ok());
}
