#include <arch/thread_context.h>

extern "C" void x86_64_switch_context(mica::arch::ThreadContext* from,
                                      mica::arch::ThreadContext* to);
extern "C" void x86_64_thread_start();

namespace mica::arch {

void ThreadContext::switch_to(ThreadContext& from, ThreadContext& to) {
    x86_64_switch_context(&from, &to);
}

void ThreadContext::prepare(ThreadContext& to, uintptr_t stack_top, void (*entry)(void*),
                            void* argument) {
    to = ThreadContext{};
    to.rsp = stack_top & ~uintptr_t(15); // the SysV alignment at a call instruction
    to.rbp = 0;                          // ends the frame-record chain
    to.r12 = reinterpret_cast<uint64_t>(entry);
    to.r13 = reinterpret_cast<uint64_t>(argument);
    to.rip = reinterpret_cast<uint64_t>(&x86_64_thread_start);
}

} // namespace mica::arch
