#include <arch/mmu.h>
#include <arch/registers.h>
#include <arch/x86_64/boot/boot_layout.h>
#include <core/panic.h>
#include <lib/align.h>

// The boot page tables, in .bss (boot/entry32.S).
extern "C" uint64_t x86_64_boot_pml4[512];
extern "C" uint64_t x86_64_boot_device_pd[512];

namespace mica::arch {

static_assert(KERNEL_VMA == kKernelImageBase, "boot_layout.h disagrees with core/layout.h");
static_assert(uint64_t(BOOT_DIRECT_MAP_PDS) << 30 == kDirectMapMaxSize,
              "the boot direct map must cover kDirectMapMaxSize");

namespace {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kAddressMask = 0x000f'ffff'ffff'f000;
constexpr uint64_t kNoExecute = 1ull << 63;
// Page tables behind the device window's directory: each maps 2 MiB of device space.
constexpr size_t kDevicePageTables = 16;
// The kernel image window maps the first 2 GiB of physical memory (entry32.S).
constexpr uint64_t kImageWindowSize = 2ull << 30;

alignas(kPageSize) uint64_t g_device_page_tables[kDevicePageTables][512];
size_t g_device_page_tables_used = 0;
uint64_t g_device_next = 0; // bytes of the device window handed out

// What map_device() mapped, for the kernel table; contiguous requests share a record.
constexpr size_t kMaxDeviceMappings = 32;
DeviceMapping g_device_mappings[kMaxDeviceMappings];
size_t g_device_mapping_count = 0;

// map_device() checked that a record is left.
void record_device_mapping(VirtAddr virt, PhysAddr phys, uint64_t size) {
    if (g_device_mapping_count > 0) {
        DeviceMapping& last = g_device_mappings[g_device_mapping_count - 1];
        if (last.virt + last.size == virt && last.phys + last.size == phys) {
            last.size += size;
            return;
        }
    }
    g_device_mappings[g_device_mapping_count++] = DeviceMapping{virt, phys, size};
}

// The early tables are live until Mmu::activate_kernel_table() loads another root.
bool early_tables_active() {
    return (read_cr3() & kAddressMask) == EarlyMmu::virt_to_phys(x86_64_boot_pml4);
}

uint64_t* table_of(uint64_t entry) {
    return static_cast<uint64_t*>(EarlyMmu::phys_to_virt(entry & kAddressMask));
}

Result<uint64_t*> device_pte(VirtAddr virt) {
    uint64_t& pde = x86_64_boot_device_pd[(virt >> 21) & 511];
    if (!(pde & PTE_PRESENT)) {
        if (g_device_page_tables_used == kDevicePageTables)
            return Error::NoMemory;
        uint64_t* table = g_device_page_tables[g_device_page_tables_used++];
        pde = EarlyMmu::virt_to_phys(table) | PTE_PRESENT | PTE_WRITABLE;
    }
    return &table_of(pde)[(virt >> 12) & 511];
}

bool no_execute_enabled() { return read_msr(Msr::Efer) & efer::kNoExecuteEnable; }

} // namespace

PhysAddr EarlyMmu::virt_to_phys(const void* pointer) {
    auto virt = reinterpret_cast<VirtAddr>(pointer);
    if (virt >= kKernelImageBase && virt - kKernelImageBase < kImageWindowSize)
        return virt - kKernelImageBase;
    if (virt >= kDirectMapBase && virt - kDirectMapBase < kDirectMapMaxSize)
        return virt - kDirectMapBase;
    if (virt >= kDeviceMapBase && virt - kDeviceMapBase < g_device_next) {
        uint64_t pte = *device_pte(virt).value();
        return (pte & kAddressMask) | (virt & (kPageSize - 1));
    }
    panic("virt_to_phys: {:#x} is outside the early mappings", virt);
}

Result<void*> EarlyMmu::map_device(PhysAddr phys, uint64_t size) {
    // Writing the early tables now would change nothing the CPU uses.
    if (!early_tables_active())
        panic("EarlyMmu::map_device({:#x}) after the switch to the kernel table; "
              "use mica::map_device()",
              phys);
    if (size == 0 || phys + size < phys)
        return Error::InvalidArgument;
    PhysAddr first = align_down(phys, kPageSize);
    uint64_t length = align_up(phys + size, kPageSize) - first;
    if (length > kDeviceWindowSize - g_device_next)
        return Error::NoMemory;

    if (g_device_mapping_count == kMaxDeviceMappings)
        return Error::Full; // no record left for the kernel table to keep it

    VirtAddr base = kDeviceMapBase + g_device_next;
    uint64_t flags = PTE_PRESENT | PTE_WRITABLE | PTE_CACHE_DISABLE | PTE_WRITE_THROUGH;
    if (no_execute_enabled())
        flags |= kNoExecute;
    for (uint64_t offset = 0; offset < length; offset += kPageSize) {
        uint64_t* pte = TRY(device_pte(base + offset));
        *pte = (first + offset) | flags;
        asm volatile("invlpg (%0)" ::"r"(base + offset) : "memory");
    }
    g_device_next += length;
    record_device_mapping(base, first, length);
    return reinterpret_cast<void*>(base + (phys - first));
}

Span<const DeviceMapping> EarlyMmu::device_mappings() {
    return Span<const DeviceMapping>(g_device_mappings, g_device_mapping_count);
}

void EarlyMmu::finish_boot_setup() {
    write_msr(Msr::Pat, kPatDefault);
    // Everything runs in the higher half now; without the identity map, null and other low
    // addresses fault as they should. Rewriting CR3 flushes the stale translations.
    x86_64_boot_pml4[0] = 0;
    write_cr3(read_cr3());
}

} // namespace mica::arch
