// run_program() (user/wasm/wasi/program.h): how a command module's run ends, as embedders see it.
// wasm-run turns `trapped` into its own exit code, so a trap must be told from a module that
// cannot run at all, and proc_exit from both.

#include <gtest/gtest.h>
#include <wasm/wasi/program.h>

#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

using namespace mica;
using namespace mica::wasm;
using namespace mica::wasm::wasi;

namespace {

class MallocAllocator final : public Allocator {
public:
    void* allocate(size_t size, size_t alignment) override {
        return std::aligned_alloc(alignment < 16 ? 16 : alignment, (size + 15) / 16 * 16);
    }
    void deallocate(void* pointer, size_t) override { std::free(pointer); }
};

// None of these modules use streams, clocks or randomness.
class NoHost final : public WasiHost {
public:
    Errno write(Stream, Span<const uint8_t>) override { return Errno::NoSys; }
    Errno read(Stream, Span<uint8_t>, size_t&) override { return Errno::NoSys; }
    Errno clock_now(ClockId, uint64_t&) override { return Errno::NoSys; }
    Errno clock_resolution(ClockId, uint64_t&) override { return Errno::NoSys; }
    void sleep_until(uint64_t) override {}
    Errno random(Span<uint8_t>) override { return Errno::NoSys; }
    void yield() override {}
};

ProgramOutcome run(const std::vector<uint8_t>& module) {
    MallocAllocator allocator;
    NoHost host;
    Wasi wasi(host, {});
    return run_program(allocator, Span<const uint8_t>(module.data(), module.size()), wasi);
}

// Binary-format pieces: header, and `_start` as export 0 of function `index`.
const std::vector<uint8_t> kHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

std::vector<uint8_t> export_start(uint8_t index) {
    return {0x07, 0x0a, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, index};
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> bytes;
    for (const auto& part : parts)
        bytes.insert(bytes.end(), part.begin(), part.end());
    return bytes;
}

// (func (export "_start") unreachable)
std::vector<uint8_t> trapping_module() {
    return concat({kHeader,
                   {0x01, 0x04, 0x01, 0x60, 0x00, 0x00},         // type 0: [] -> []
                   {0x03, 0x02, 0x01, 0x00},                     // func 0: type 0
                   export_start(0),                              //
                   {0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b}}); // unreachable
}

// (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
// (func (export "_start") i32.const 3 call 0)
std::vector<uint8_t> exiting_module() {
    std::vector<uint8_t> import = {0x02, 0x24, 0x01, 22};
    for (char c : std::string_view("wasi_snapshot_preview1"))
        import.push_back(uint8_t(c));
    import.push_back(9);
    for (char c : std::string_view("proc_exit"))
        import.push_back(uint8_t(c));
    import.insert(import.end(), {0x00, 0x00}); // a function of type 0
    return concat(
        {kHeader,
         {0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00}, // [i32]->[], []->[]
         import,
         {0x03, 0x02, 0x01, 0x01}, // func 1: type 1
         export_start(1),
         {0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x03, 0x10, 0x00, 0x0b}});
}

TEST(wasi_program, a_trap_is_reported_as_a_trap) {
    ProgramOutcome outcome = run(trapping_module());
    EXPECT_EQ(outcome.kind, ProgramOutcome::Kind::Failed);
    EXPECT_TRUE(outcome.trapped);
    EXPECT_EQ(std::strncmp(outcome.message, "trap: ", 6), 0) << outcome.message;
}

TEST(wasi_program, proc_exit_is_an_exit_not_a_trap) {
    ProgramOutcome outcome = run(exiting_module());
    EXPECT_EQ(outcome.kind, ProgramOutcome::Kind::Exited) << outcome.message;
    EXPECT_FALSE(outcome.trapped);
    EXPECT_EQ(outcome.exit_code, 3u);
}

TEST(wasi_program, a_malformed_module_cannot_run_and_did_not_trap) {
    std::vector<uint8_t> module = trapping_module();
    module.resize(module.size() - 3); // cut into the code section
    ProgramOutcome outcome = run(module);
    EXPECT_EQ(outcome.kind, ProgramOutcome::Kind::Failed);
    EXPECT_FALSE(outcome.trapped);
    EXPECT_EQ(std::strncmp(outcome.message, "decode: ", 8), 0) << outcome.message;
}

} // namespace
