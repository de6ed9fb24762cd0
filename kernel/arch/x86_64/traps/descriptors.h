#pragma once
// The GDT, TSS and IDT. Long mode ignores segmentation for addresses, but it still needs a 64-bit
// code selector, a TSS for the interrupt stacks, and an IDT that sends each vector to its stub in
// vectors.S. Each CPU has its own GDT and TSS (the TSS holds per-CPU stacks, and loading a TSS
// marks its descriptor busy, so two CPUs cannot share one); all share the one IDT.

#include <arch/user_mode.h>
#include <arch/x86_64/boot/boot_layout.h>
#include <lib/types.h>

namespace mica::arch {

constexpr uint16_t kKernelCodeSelector = KERNEL_CODE_SELECTOR;
constexpr uint16_t kKernelDataSelector = KERNEL_DATA_SELECTOR;
// Ring-3 data then code right after the kernel data segment, as sysret wants them (user_mode.h);
// the TSS follows.
constexpr uint16_t kUserSegmentsBase = kKernelDataSelector;
constexpr uint16_t kTssSelector = 0x28;
constexpr size_t kInterruptStackSize = 8192;

// Interrupt stack table slots (1-based, as the IDT encodes them). Exceptions that may arrive on
// a broken stack switch to a known good one.
enum class InterruptStack : uint8_t {
    None = 0,
    DoubleFault = 1,
    Nmi = 2,
    MachineCheck = 3,
};
constexpr size_t kInterruptStacks = 3;

// The 64-bit TSS (Intel SDM Vol. 3A, 8.7): only rsp0 (the stack a trap from CPL 3 switches to)
// and the IST matter.
struct [[gnu::packed]] TaskStateSegment {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t io_map_base;
};
static_assert(sizeof(TaskStateSegment) == 104);

// A code or data segment descriptor; in long mode only the access byte and the L bit count.
struct SegmentDescriptor {
    uint64_t raw;
    static constexpr SegmentDescriptor code64() { return {0x00af'9a00'0000'ffff}; }
    static constexpr SegmentDescriptor data() { return {0x00cf'9200'0000'ffff}; }
    // The same with DPL 3 (access byte 0xfa / 0xf2 instead of 0x9a / 0x92).
    static constexpr SegmentDescriptor user_code64() { return {0x00af'fa00'0000'ffff}; }
    static constexpr SegmentDescriptor user_data() { return {0x00cf'f200'0000'ffff}; }
};

// The I/O permission bitmap that follows each CPU's TSS (SDM Vol. 1, 19.5.2): one bit per port,
// 0 = allowed at CPL 3, and a final all-ones byte the CPU may read past the last port.
constexpr size_t kIoPorts = 65536;
constexpr size_t kIoBitmapBytes = kIoPorts / 8;
// io_map_base with this value points past the TSS limit: no bitmap, every port denied in ring 3.
constexpr uint16_t kIoMapNone = 0xffff;

// The 16-byte system descriptor of an available 64-bit TSS.
struct TssDescriptor {
    uint64_t low;
    uint64_t high;

    // `limit_bytes`: the TSS and the I/O bitmap after it.
    static TssDescriptor make(const TaskStateSegment& tss, uint64_t limit_bytes) {
        uint64_t base = reinterpret_cast<uint64_t>(&tss);
        uint64_t limit = limit_bytes - 1;
        constexpr uint64_t kTypeAvailableTss = 0x9;
        constexpr uint64_t kPresent = 1ull << 47;
        return {.low = (limit & 0xffff) | (base & 0xff'ffff) << 16 | kTypeAvailableTss << 40 |
                       kPresent | ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56,
                .high = base >> 32};
    }
};

struct alignas(16) Gdt {
    SegmentDescriptor null{0};
    SegmentDescriptor kernel_code = SegmentDescriptor::code64();
    SegmentDescriptor kernel_data = SegmentDescriptor::data();
    SegmentDescriptor user_data = SegmentDescriptor::user_data();
    SegmentDescriptor user_code = SegmentDescriptor::user_code64();
    TssDescriptor tss{};
};
static_assert(__builtin_offsetof(Gdt, kernel_code) == kKernelCodeSelector);
static_assert(__builtin_offsetof(Gdt, kernel_data) == kKernelDataSelector);
static_assert(__builtin_offsetof(Gdt, user_data) == (kUserDataSelector & ~3));
static_assert(__builtin_offsetof(Gdt, tss) == kTssSelector);
// sysret's fixed offsets from IA32_STAR[63:48].
static_assert(kUserSegmentsBase + 8 == (kUserDataSelector & ~3));
static_assert(kUserSegmentsBase + 16 == (kUserCodeSelector & ~3));
static_assert(__builtin_offsetof(Gdt, user_code) == (kUserCodeSelector & ~3));

// One CPU's descriptor tables and interrupt stacks. The boot CPU's is static; each secondary's
// comes from the heap when it is started (smp/start_cpu.cpp) and lives as long as the kernel.
struct CpuDescriptors {
    Gdt gdt;
    TaskStateSegment tss{};
    // Directly after the TSS, inside its limit. Loaded from the running process's ports by
    // syscalls/io_permission.cpp; all ones (nothing allowed) while no such process runs here.
    uint8_t io_bitmap[kIoBitmapBytes];
    uint8_t io_bitmap_end = 0xff;
    // Leading bytes of io_bitmap that may differ from 0xff (io_permission.cpp resets only those).
    uint16_t io_bitmap_used = 0;
    alignas(16) uint8_t interrupt_stacks[kInterruptStacks][kInterruptStackSize];
};

static_assert(__builtin_offsetof(CpuDescriptors, io_bitmap) ==
              __builtin_offsetof(CpuDescriptors, tss) + sizeof(TaskStateSegment));
static_assert(__builtin_offsetof(CpuDescriptors, io_bitmap_end) ==
              __builtin_offsetof(CpuDescriptors, io_bitmap) + kIoBitmapBytes);

// The boot CPU's tables (static, so they exist before the heap; secondaries' are on the heap).
CpuDescriptors& boot_cpu_descriptors();

// Boot CPU, once: builds the shared IDT and loads it with the boot CPU's GDT and TSS, replacing
// the boot GDT of entry32.S.
void install_descriptor_tables();
// A secondary CPU: loads its own GDT and TSS from `descriptors`, and the shared IDT.
void install_cpu_descriptors(CpuDescriptors& descriptors);

} // namespace mica::arch
