#include "descriptors.h"

// Stub addresses, from vectors.S.
extern "C" const uint64_t x86_64_trap_stubs[256];

namespace mica::arch {

namespace {

constexpr size_t kVectors = 256;

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

CpuDescriptors g_boot_descriptors;
alignas(16) IdtGate g_idt[kVectors];

InterruptStack stack_for(size_t vector) {
    switch (vector) {
    case 2: return InterruptStack::Nmi;
    case 8: return InterruptStack::DoubleFault;
    case 18: return InterruptStack::MachineCheck;
    default: return InterruptStack::None;
    }
}

void load_gdt(const Gdt& gdt) {
    DescriptorTablePointer pointer{sizeof(Gdt) - 1, reinterpret_cast<uint64_t>(&gdt)};
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

void load_idt() {
    DescriptorTablePointer pointer{sizeof(g_idt) - 1, reinterpret_cast<uint64_t>(g_idt)};
    asm volatile("lidt %0" ::"m"(pointer));
}

} // namespace

void install_cpu_descriptors(CpuDescriptors& descriptors) {
    for (size_t i = 0; i < kInterruptStacks; ++i) {
        // IST slots are 1-based; stacks grow down from the end of their buffer.
        descriptors.tss.ist[i] =
            reinterpret_cast<uint64_t>(descriptors.interrupt_stacks[i] + kInterruptStackSize);
    }
    // No process's ports until one with an I/O bitmap runs here (syscalls/io_permission.cpp).
    for (uint8_t& byte : descriptors.io_bitmap)
        byte = 0xff;
    descriptors.io_bitmap_end = 0xff;
    descriptors.io_bitmap_used = 0;
    descriptors.tss.io_map_base = kIoMapNone;
    descriptors.gdt.tss =
        TssDescriptor::make(descriptors.tss, sizeof(TaskStateSegment) + kIoBitmapBytes + 1);
    load_gdt(descriptors.gdt);
    load_idt();
}

CpuDescriptors& boot_cpu_descriptors() { return g_boot_descriptors; }

void install_descriptor_tables() {
    for (size_t vector = 0; vector < kVectors; ++vector)
        g_idt[vector] = IdtGate::interrupt(x86_64_trap_stubs[vector], stack_for(vector));
    install_cpu_descriptors(g_boot_descriptors);
}

} // namespace mica::arch
