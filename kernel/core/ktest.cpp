#include <core/ktest.h>

extern "C" const mica::ktest::Test __ktests_start[];
extern "C" const mica::ktest::Test __ktests_end[];

namespace mica::ktest {

void Context::fail(StringView what, SourceLocation where) {
    ++m_failures;
    println("    FAILED {}:{}: {}", where.file(), where.line(), what);
}

Summary run_all(StringView filter) {
    Summary summary;
    size_t count = size_t(__ktests_end - __ktests_start);
    println("ktest: {} registered tests{}{}", count, filter.is_empty() ? "" : ", filter ", filter);
    for (const Test* test = __ktests_start; test != __ktests_end; ++test) {
        StringView name(test->name);
        if (!name.starts_with(filter))
            continue;
        println("[ RUN  ] {}", name);
        Context context;
        test->run(context);
        if (context.failures() == 0) {
            ++summary.passed;
            println("[  OK  ] {}", name);
        } else {
            ++summary.failed;
            println("[ FAIL ] {}", name);
        }
    }
    return summary;
}

} // namespace mica::ktest
