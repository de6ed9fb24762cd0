#include "descriptors.h"

#include <arch/x86_64/boot/boot_layout.h>

// Stub addresses, from vectors.S.
extern "C" const uint64_t x86_64_trap_stubs[32];

namespace mica::arch {

namespace {

constexpr uint16_t kKernelCodeSelector = KERNEL_CODE_SELECTOR;
constexpr uint16_t kKernelDataSelector = KERNEL_DATA_SELECTOR;
constexpr uint16_t kTssSelector = 0x18;
constexpr size_t kExceptionVectors = 32;
constexpr size_t kInterruptStackSize = 8192;

// The 64-bit TSS (Intel SDM Vol. 3A, 8.7): only rsp0 (later, for user mode) and the IST matter.
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
};

// The 16-byte system descriptor of an available 64-bit TSS.
struct TssDescriptor {
    uint64_t low;
    uint64_t high;

    static TssDescriptor make(const TaskStateSegment& tss) {
        uint64_t base = reinterpret_cast<uint64_t>(&tss);
        uint64_t limit = sizeof(TaskStateSegment) - 1;
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
    TssDescriptor tss{};
    // User segments and per-CPU TSSs arrive with user space and SMP.
};
static_assert(__builtin_offsetof(Gdt, kernel_code) == kKernelCodeSelector);
static_assert(__builtin_offsetof(Gdt, kernel_data) == kKernelDataSelector);
static_assert(__builtin_offsetof(Gdt, tss) == kTssSelector);

// An interrupt gate (Intel SDM Vol. 3A, 6.14.1): interrupts stay off in the handler.
struct IdtGate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attributes;
    uint16_t offset_middle;
    uint32_t offset_high;
    uint32_t reserved;

    static IdtGate interrupt(uint64_t handler, InterruptStack stack) {
        constexpr uint8_t kPresentDpl0InterruptGate = 0x8e;
        return {.offset_low = uint16_t(handler),
                .selector = kKernelCodeSelector,
                .ist = uint8_t(stack),
                .type_attributes = kPresentDpl0InterruptGate,
                .offset_middle = uint16_t(handler >> 16),
                .offset_high = uint32_t(handler >> 32),
                .reserved = 0};
    }
};
static_assert(sizeof(IdtGate) == 16);

struct [[gnu::packed]] DescriptorTablePointer {
    uint16_t limit;
    uint64_t base;
};

Gdt g_gdt;
TaskStateSegment g_tss;
alignas(16) IdtGate g_idt[kExceptionVectors];
alignas(16) uint8_t g_interrupt_stacks[3][kInterruptStackSize];

InterruptStack stack_for(size_t vector) {
    switch (vector) {
    case 2: return InterruptStack::Nmi;
    case 8: return InterruptStack::DoubleFault;
    case 18: return InterruptStack::MachineCheck;
    default: return InterruptStack::None;
    }
}

void load_gdt() {
    DescriptorTablePointer pointer{sizeof(g_gdt) - 1, reinterpret_cast<uint64_t>(&g_gdt)};
    asm volatile("lgdt %0" ::"m"(pointer));
    // Reload cs with a far return, then the data segments, then the task register.
    asm volatile("pushq %[code]\n"
                 "leaq 1f(%%rip), %%rax\n"
                 "pushq %%rax\n"
                 "lretq\n"
                 "1:\n"
                 "movw %[data], %%ax\n"
                 "movw %%ax, %%ds\n"
                 "movw %%ax, %%es\n"
                 "movw %%ax, %%ss\n"
                 :
                 : [code] "i"(kKernelCodeSelector), [data] "i"(kKernelDataSelector)
                 : "rax", "memory");
    asm volatile("ltr %0" ::"r"(kTssSelector));
}

} // namespace

void install_descriptor_tables() {
    for (size_t i = 0; i < 3; ++i) {
        // IST slots are 1-based; stacks grow down from the end of their buffer.
        g_tss.ist[i] = reinterpret_cast<uint64_t>(g_interrupt_stacks[i] + kInterruptStackSize);
    }
    g_tss.io_map_base = sizeof(TaskStateSegment); // no I/O permission bitmap
    g_gdt.tss = TssDescriptor::make(g_tss);
    load_gdt();

    for (size_t vector = 0; vector < kExceptionVectors; ++vector)
        g_idt[vector] = IdtGate::interrupt(x86_64_trap_stubs[vector], stack_for(vector));
    DescriptorTablePointer pointer{sizeof(g_idt) - 1, reinterpret_cast<uint64_t>(g_idt)};
    asm volatile("lidt %0" ::"m"(pointer));
}

} // namespace mica::arch
