#include <core/expect_exception.h>

namespace mica {

namespace {
ExpectException* g_innermost = nullptr;
}

ExpectException::ExpectException(ExceptionKind kind) : m_kind(kind), m_outer(g_innermost) {
    g_innermost = this;
}

ExpectException::~ExpectException() { g_innermost = m_outer; }

bool ExpectException::catch_if_expected(const arch::TrapFrame& frame, const ExceptionInfo& info) {
    for (ExpectException* expect = g_innermost; expect; expect = expect->m_outer) {
        if (expect->m_kind != info.kind)
            continue;
        ++expect->m_count;
        expect->m_last = info;
        expect->m_last_ip = frame.instruction_pointer();
        return true;
    }
    return false;
}

} // namespace mica
