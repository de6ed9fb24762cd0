#include <abi/user_syscalls.h>
#include <framework/test.h>
#include <support/support.h>
#include <support/thread.h>

namespace mica::abi {

void format_value(FormatSink& sink, Status status) {
    format(sink, "{} ({})", status_name(status), uint64_t(status));
}

void format_value(FormatSink& sink, ObjectType type) { format(sink, "{}", object_type_name(type)); }

void format_value(FormatSink& sink, Rights rights) {
    format(sink, "{:#x} [", uint32_t(rights));
    bool first = true;
    for (const RightInfo& right : kRightTable) {
        if (!has_rights(rights, right.right))
            continue;
        format(sink, first ? "{}" : " {}", right.name);
        first = false;
    }
    format(sink, "]");
}

} // namespace mica::abi

namespace mica::test {

namespace {

TestCase* g_first = nullptr;
TestCase* g_last = nullptr;

// Set by report_failure from whichever thread the running test uses.
volatile bool g_current_failed = false;
abi::IpcBuffer* g_ipc_buffer = nullptr;

// Generous for TCG on a busy host: the slowest cases start a few processes.
constexpr uint64_t kTestTimeoutNs = 30'000'000'000ull;

bool contains(StringView text, StringView part) {
    if (part.is_empty())
        return true;
    for (size_t i = 0; i + part.length() <= text.length(); ++i) {
        if (text.substring(i, part.length()) == part)
            return true;
    }
    return false;
}

void run_on_thread(void* argument, abi::IpcBuffer* buffer) {
    g_ipc_buffer = buffer;
    static_cast<TestCase*>(argument)->function();
}

// Runs `test` on a thread of its own so that a test stuck in the kernel cannot stop the suite.
// Returns false if it did not finish in time.
bool run_one(TestCase& test) {
    Thread::Options options;
    options.stack_size = 256 * 1024; // tests keep IPC buffers and handle arrays on the stack
    auto thread = Thread::start(run_on_thread, &test, options);
    if (thread.is_error()) {
        println("  (cannot start a thread for {}: {}; running it on the main thread)", test.name,
                thread.error());
        g_ipc_buffer = &main_ipc_buffer();
        test.function();
        return true;
    }
    if (!thread.value().join(deadline_in(kTestTimeoutNs))) {
        println("{}: timed out after {} s: the test thread is still blocked", test.name,
                kTestTimeoutNs / 1'000'000'000);
        thread.value().abandon();
        return false;
    }
    return true;
}

} // namespace

Registrar::Registrar(TestCase& test) {
    if (g_last)
        g_last->next = &test;
    else
        g_first = &test;
    g_last = &test;
}

abi::IpcBuffer& ipc_buffer() { return g_ipc_buffer ? *g_ipc_buffer : main_ipc_buffer(); }

void report_failure(const char* file, int line, StringView message) {
    g_current_failed = true;
    println("{}:{}: {}", file, line, message);
}

int run_all(StringView filter) {
    int passed = 0, failed = 0;
    for (TestCase* test = g_first; test; test = test->next) {
        if (!contains(test->name, filter))
            continue;
        g_current_failed = false;
        bool finished = run_one(*test);
        if (finished && !g_current_failed) {
            ++passed;
            println("[ ok ] {}", test->name);
        } else {
            ++failed;
            println("[FAIL] {}", test->name);
        }
    }
    println("{} passed, {} failed", passed, failed);
    return failed;
}

} // namespace mica::test
