#pragma once
// Lets a kernel test provoke an exception on purpose and survive it: while an ExpectException is
// alive, a matching exception is recorded and the faulting instruction skipped instead of
// panicking. Single CPU for now; per-CPU once SMP arrives.

#include <arch/trap_frame.h>
#include <core/exception.h>

namespace mica {

class ExpectException {
public:
    explicit ExpectException(ExceptionKind kind);
    ~ExpectException();
    ExpectException(const ExpectException&) = delete;
    ExpectException& operator=(const ExpectException&) = delete;

    unsigned count() const { return m_count; }
    const ExceptionInfo& last() const { return m_last; }
    uintptr_t last_instruction_pointer() const { return m_last_ip; }

    // Called from handle_exception(). Returns true when the exception was expected and recorded.
    static bool catch_if_expected(const arch::TrapFrame& frame, const ExceptionInfo& info);

private:
    ExceptionKind m_kind;
    unsigned m_count = 0;
    ExceptionInfo m_last;
    uintptr_t m_last_ip = 0;
    ExpectException* m_outer;
};

} // namespace mica
