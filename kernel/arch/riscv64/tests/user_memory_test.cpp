// The kernel and user pages on the real MMU: with a user table active, plain kernel loads,
// stores and calls into user pages fault (SUM is clear, and S-mode never executes U pages),
// while the copy routines reach the same bytes.

#include <arch/cpu.h>
#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/user_access.h>
#include <core/cpu_local.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <vm/physical_memory.h>
#include <vm/user_page_table.h>

using namespace mica;
using namespace mica::arch;

namespace {

constexpr VirtAddr kDataPage = kUserSpaceBase;
constexpr VirtAddr kCodePage = kUserSpaceBase + kPageSize;
constexpr uint64_t kPattern = 0x5555'aaaa'1234'5678;

struct Outcome {
    bool kernel_read = true;
    bool kernel_write = true;
    bool kernel_execute = true;
    bool copied_in = false;
    bool copied_out = false;
    uint64_t value_in = 0;
    bool enforced_after = false;
};

// Runs the accesses with `table` active on this hart, interrupts masked throughout so the thread
// neither moves nor lets the scheduler see a table it does not know about; the hart's own table
// comes back afterwards.
Outcome access_through(UserPageTable& table) {
    Outcome outcome;
    Interrupts::State interrupts = Interrupts::disable();
    Mmu::activate_user_table(table.root());
    uint64_t ignored = 0;
    outcome.kernel_read = Cpu::probe_read(reinterpret_cast<volatile uint64_t*>(kDataPage), ignored);
    outcome.kernel_write = Cpu::probe_write(reinterpret_cast<volatile uint64_t*>(kDataPage), 1);
    outcome.kernel_execute = Cpu::probe_execute(kCodePage);
    outcome.copied_in = UserAccess::copy_from_user(&outcome.value_in, kDataPage, sizeof(uint64_t));
    uint64_t out = ~kPattern;
    outcome.copied_out = UserAccess::copy_to_user(kDataPage + 8, &out, sizeof(out));
    outcome.enforced_after = UserAccess::enforced();
    Mmu::activate_user_table(this_cpu().active_user_table);
    Interrupts::restore(interrupts);
    return outcome;
}

} // namespace

KTEST(riscv64_user_memory, kernel_reaches_user_pages_only_through_the_copies) {
    Result<UserPageTable*> created = UserPageTable::create();
    KASSERT(created.is_ok());
    UserPageTable* table = created.value();
    Result<PhysAddr> data = physical_memory::allocate_frame();
    Result<PhysAddr> code = physical_memory::allocate_frame();
    KASSERT(data.is_ok() && code.is_ok());
    auto* data_words = static_cast<uint64_t*>(EarlyMmu::phys_to_virt(data.value()));
    data_words[0] = kPattern;
    data_words[1] = 0;
    Span<const uint8_t> ret = Cpu::return_instruction();
    __builtin_memcpy(EarlyMmu::phys_to_virt(code.value()), ret.data(), ret.size());
    Cpu::sync_instruction_cache(kCodePage, ret.size());
    KASSERT(table->map(kDataPage, data.value(), kPageSize, PageFlags{.writable = true}).is_ok());
    KASSERT(table->map(kCodePage, code.value(), kPageSize, PageFlags{.executable = true}).is_ok());

    Outcome outcome = access_through(*table);
    KEXPECT(!outcome.kernel_read);
    KEXPECT(!outcome.kernel_write);
    KEXPECT(!outcome.kernel_execute);
    KEXPECT(outcome.copied_in);
    KEXPECT_EQ(outcome.value_in, kPattern);
    KEXPECT(outcome.copied_out);
    KEXPECT_EQ(data_words[1], ~kPattern);
    KEXPECT_EQ(data_words[0], kPattern); // the probe's write never landed
    KEXPECT(outcome.enforced_after);

    UserPageTable::destroy(table);
    KEXPECT(physical_memory::free_frame(data.value()).is_ok());
    KEXPECT(physical_memory::free_frame(code.value()).is_ok());
}
