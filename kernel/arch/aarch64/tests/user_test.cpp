// The aarch64 user-mode pieces on the real CPU, without the generic process machinery: a
// hand-built user table in TTBR0 (one RW and one RX user page), the checked copies over it, PAN
// and PXN as the kernel meets them, FP/SIMD save and restore, and the syscall registers.
// Each table test runs with interrupts masked: a thread switch would activate another low half.

#include <arch/aarch64_page_format.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/user_access.h>
#include <arch/user_mode.h>
#include <core/expect_exception.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <vm/physical_memory.h>

using namespace mica;
using arch::Aarch64PageFormat;

namespace {

constexpr VirtAddr kDataPage = kUserSpaceBase;
constexpr VirtAddr kCodePage = kUserSpaceBase + kPageSize;
constexpr VirtAddr kUnmappedPage = kUserSpaceBase + 2 * kPageSize;
constexpr PageFlags kUserData{.writable = true, .user = true};
constexpr PageFlags kUserCode{.executable = true, .user = true};

uint64_t ttbr0() {
    uint64_t value;
    asm volatile("mrs %0, ttbr0_el1" : "=r"(value));
    return value;
}

// Puts back the user table this CPU had: the scheduler keeps it for kernel threads and relies on
// finding it there when a thread of that process runs here next.
class RestoreUserTable {
public:
    RestoreUserTable() : m_root(ttbr0() & kTtbrAddressMask) {}
    ~RestoreUserTable() { arch::Mmu::activate_user_table(m_root); }
    RestoreUserTable(const RestoreUserTable&) = delete;
    RestoreUserTable& operator=(const RestoreUserTable&) = delete;

private:
    static constexpr uint64_t kTtbrAddressMask = 0x0000'ffff'ffff'fffe;
    PhysAddr m_root;
};

// L0..L3 tables mapping kDataPage and kCodePage, active in TTBR0 for the object's lifetime.
class ScratchUserTable {
public:
    ScratchUserTable() {
        for (PhysAddr& frame : m_frames) {
            Result<PhysAddr> allocated = physical_memory::allocate_frame();
            if (!allocated)
                return;
            frame = allocated.value();
            __builtin_memset(arch::EarlyMmu::phys_to_virt(frame), 0, kPageSize);
        }
        // Arm level n (0 = root) is m_frames[n]; the leaves are the last two frames.
        for (unsigned level = 0; level < 3; ++level)
            entry(level, kDataPage) = Aarch64PageFormat::make_table(m_frames[level + 1]);
        entry(3, kDataPage) = Aarch64PageFormat::make_leaf(m_frames[4], kUserData, 0);
        entry(3, kCodePage) = Aarch64PageFormat::make_leaf(m_frames[5], kUserCode, 0);
        arch::Mmu::publish_mappings(kDataPage, 2 * kPageSize);
        arch::Mmu::activate_user_table(m_frames[0]);
        m_ok = true;
    }
    ~ScratchUserTable() {
        arch::Mmu::activate_user_table(0);
        for (PhysAddr frame : m_frames)
            if (frame)
                (void)physical_memory::free_frame(frame);
    }
    bool ok() const { return m_ok; }
    PhysAddr root() const { return m_frames[0]; }
    void* kernel_view(VirtAddr page) const {
        return arch::EarlyMmu::phys_to_virt(m_frames[page == kDataPage ? 4 : 5]);
    }

private:
    PageTableEntry& entry(unsigned arm_level, VirtAddr address) {
        unsigned shift = 39 - 9 * arm_level;
        auto* table =
            static_cast<PageTableEntry*>(arch::EarlyMmu::phys_to_virt(m_frames[arm_level]));
        return table[(address >> shift) & 511];
    }

    RestoreUserTable m_restore; // destroyed last: the table is gone first
    PhysAddr m_frames[6] = {};
    bool m_ok = false;
};

bool cpu_has_pan() {
    uint64_t features;
    asm volatile("mrs %0, id_aa64mmfr1_el1" : "=r"(features));
    return ((features >> 20) & 0xf) != 0;
}

// AT S1E0R: can EL0 read `address`?
bool user_can_read(VirtAddr address) {
    uint64_t par;
    asm volatile("at s1e0r, %1\n isb\n mrs %0, par_el1" : "=r"(par) : "r"(address));
    return !(par & 1);
}

} // namespace

KTEST(aarch64_user, copies_reach_user_pages_only) {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    {
        ScratchUserTable table;
        KASSERT(table.ok());
        KEXPECT_EQ(ttbr0(), uint64_t(table.root())); // ASID 0
        KEXPECT(user_can_read(kDataPage));
        KEXPECT(!user_can_read(kUnmappedPage));

        // Odd sizes and offsets: the 8-byte loop and the byte tail, unaligned.
        const char message[] = "user copies, byte by byte and word by word";
        KEXPECT(arch::UserAccess::copy_to_user(kDataPage + 3, message, sizeof message));
        KEXPECT_EQ(__builtin_memcmp(static_cast<char*>(table.kernel_view(kDataPage)) + 3, message,
                                    sizeof message),
                   0);
        char back[sizeof message] = {};
        KEXPECT(arch::UserAccess::copy_from_user(back, kDataPage + 3, sizeof message));
        KEXPECT_EQ(__builtin_memcmp(back, message, sizeof message), 0);
        KEXPECT(arch::UserAccess::copy_from_user(back, kDataPage, 0));

        // Faults end the copy with false: unmapped, crossing into unmapped, read-only, kernel.
        KEXPECT(!arch::UserAccess::copy_from_user(back, kUnmappedPage, 8));
        KEXPECT(!arch::UserAccess::copy_from_user(back, kCodePage + kPageSize - 5, 16));
        KEXPECT(!arch::UserAccess::copy_to_user(kCodePage, message, 1));
        KEXPECT(arch::UserAccess::copy_from_user(back, kCodePage, 8)); // readable though
        KEXPECT(!arch::UserAccess::copy_from_user(back, reinterpret_cast<uintptr_t>(message), 8));
        KEXPECT(!arch::UserAccess::copy_to_user(reinterpret_cast<uintptr_t>(back), message, 8));
    }
    {
        // Without a user table the low half is empty.
        RestoreUserTable restore;
        arch::Mmu::activate_user_table(0);
        char byte;
        KEXPECT(!arch::UserAccess::copy_from_user(&byte, kDataPage, 1));
        KEXPECT(!user_can_read(kDataPage));
    }
    arch::Interrupts::restore(interrupts);
}

KTEST(aarch64_user, pan_and_pxn_keep_the_kernel_out) {
    KEXPECT_EQ(arch::UserAccess::enforced(), cpu_has_pan());
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    {
        ScratchUserTable table;
        KASSERT(table.ok());
        uint64_t value;
        {
            // A plain kernel load from a user page: a permission fault exactly when PAN is on.
            ExpectException expect(ExceptionKind::PageFault);
            bool read =
                arch::Cpu::probe_read(reinterpret_cast<volatile uint64_t*>(kDataPage), value);
            KEXPECT_EQ(read, !arch::UserAccess::enforced());
            KEXPECT_EQ(expect.count(), read ? 0u : 1u);
        }
        {
            // User code is never executable by the kernel (PXN), PAN or not.
            __builtin_memcpy(table.kernel_view(kCodePage), arch::Cpu::return_instruction().data(),
                             4);
            arch::Cpu::sync_instruction_cache(kCodePage, 4);
            ExpectException expect(ExceptionKind::PageFault);
            KEXPECT(!arch::Cpu::probe_execute(kCodePage));
            KEXPECT_EQ(expect.count(), 1u);
            KEXPECT(expect.last().access == AccessKind::Execute);
        }
    }
    arch::Interrupts::restore(interrupts);
}

KTEST(aarch64_user, activating_the_same_root_keeps_it) {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    {
        RestoreUserTable restore;
        arch::Mmu::activate_user_table(0);
        uint64_t empty = ttbr0();
        KEXPECT(empty != 0);
        arch::Mmu::activate_user_table(0);
        KEXPECT_EQ(ttbr0(), empty);
        uint64_t tcr;
        asm volatile("mrs %0, tcr_el1" : "=r"(tcr));
        KEXPECT(!(tcr & (1 << 7))); // EPD0: walks of the low half on, into the empty table
    }
    arch::Interrupts::restore(interrupts);
}

KTEST(aarch64_user, fpu_state_survives_save_and_restore) {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    arch::FpuState::init_this_cpu();
    arch::FpuState pattern;
    for (unsigned i = 0; i < 32; ++i) {
        pattern.v[i][0] = 0x0123'4567'89ab'cdefull * (i + 1);
        pattern.v[i][1] = ~pattern.v[i][0];
    }
    pattern.fpcr = (3u << 22) | (1u << 24) | (1u << 25); // RMode, FZ, DN
    pattern.fpsr = 0x1f;                                 // cumulative exception flags
    pattern.restore();
    arch::FpuState saved;
    saved.save();
    KEXPECT_EQ(__builtin_memcmp(&saved, &pattern, sizeof saved), 0);

    arch::FpuState fresh;
    fresh.reset();
    fresh.restore();
    saved.save();
    KEXPECT_EQ(__builtin_memcmp(&saved, &fresh, sizeof saved), 0);
    arch::Interrupts::restore(interrupts);
}

KTEST(aarch64_user, syscall_registers_follow_the_abi) {
    arch::TrapFrame frame;
    __builtin_memset(&frame, 0xa5, sizeof frame);
    arch::UserMode::init_frame(frame, kCodePage, kDataPage + kPageSize);
    KEXPECT(frame.from_user());
    KEXPECT_EQ(frame.instruction_pointer(), kCodePage);
    KEXPECT_EQ(frame.stack_pointer(), kDataPage + kPageSize);
    KEXPECT_EQ(frame.spsr & 0x3c0, 0u); // DAIF clear: interrupts on in user mode
    KEXPECT_EQ(frame.x[0], 0u);
    arch::UserMode::set_argument(frame, 0, 7);
    KEXPECT_EQ(frame.x[0], 7u);

    constexpr uint64_t kSvc64 = 0x15ull << 26 | 1ull << 25; // EC SVC64, IL
    frame.x[8] = 38;
    frame.x[5] = 55;
    frame.esr = kSvc64;
    KEXPECT_EQ(arch::UserMode::syscall_number(frame), 38u);
    KEXPECT_EQ(arch::UserMode::syscall_argument(frame, 5), 55u);
    frame.esr = kSvc64 | 1; // svc #1
    KEXPECT_EQ(arch::UserMode::syscall_number(frame), arch::UserMode::kBadSyscallNumber);

    const uint64_t results[5] = {11, 12, 13, 14, 15};
    arch::UserMode::set_syscall_results(frame, 3, results);
    KEXPECT_EQ(frame.x[0], 3u);
    KEXPECT_EQ(frame.x[1], 11u);
    KEXPECT_EQ(frame.x[5], 15u);
}
