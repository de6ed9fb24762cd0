#include <arch/thread_context.h>
#include <lib/align.h>

extern "C" void aarch64_switch_context(mica::arch::ThreadContext* from,
                                       mica::arch::ThreadContext* to);
extern "C" char aarch64_thread_start[];

namespace mica::arch {

void ThreadContext::switch_to(ThreadContext& from, ThreadContext& to) {
    aarch64_switch_context(&from, &to);
}

void ThreadContext::prepare(ThreadContext& to, uintptr_t stack_top, void (*entry)(void*),
                            void* argument) {
    to = ThreadContext{};
    to.x19_x28[0] = reinterpret_cast<uint64_t>(entry);
    to.x19_x28[1] = reinterpret_cast<uint64_t>(argument);
    to.fp = 0;
    to.lr = reinterpret_cast<uint64_t>(aarch64_thread_start);
    to.sp = align_down(stack_top, 16); // AAPCS64: sp 16-byte aligned at every public interface
}

} // namespace mica::arch
