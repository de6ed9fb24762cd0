// WASI calls (user/wasm/wasi) against a fake host and file system: pointers outside linear
// memory are Errno::Fault and never touched, descriptors and rights are checked, streams go to
// the host, and link() refuses imports it cannot provide, naming them.

#include <gtest/gtest.h>
#include <wasm/wasi/calls.h>
#include <wasm/wasi/wasi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace mica;
using namespace mica::wasm;
using namespace mica::wasm::wasi;

namespace {

class FakeHost final : public WasiHost {
public:
    Errno write(Stream stream, Span<const uint8_t> bytes) override {
        (stream == Stream::Out ? out : err).append(bytes.begin(), bytes.end());
        return Errno::Success;
    }
    Errno read(Stream, Span<uint8_t> bytes, size_t& read) override {
        read = std::min(bytes.size(), input.size());
        std::copy_n(input.begin(), read, bytes.begin());
        input.erase(0, read);
        return Errno::Success;
    }
    Errno clock_now(ClockId clock, uint64_t& nanoseconds) override {
        if (clock != ClockId::Monotonic && clock != ClockId::Realtime)
            return Errno::Invalid;
        nanoseconds = now;
        return Errno::Success;
    }
    Errno clock_resolution(ClockId, uint64_t& nanoseconds) override {
        nanoseconds = 1;
        return Errno::Success;
    }
    void sleep_until(uint64_t deadline) override {
        if (deadline > now)
            now = deadline; // time passes only when someone sleeps
        ++sleeps;
    }
    Errno random(Span<uint8_t> bytes) override {
        for (uint8_t& byte : bytes)
            byte = 0xa5;
        return Errno::Success;
    }
    void yield() override {}

    std::string out, err, input;
    uint64_t now = 1000;
    int sleeps = 0;
};

// Linear memory of one page and a Wasi over the fake host, without preopens.
struct Fixture : ::testing::Test {
    Fixture() : bytes(MemoryInstance::kPageSize), wasi(host, config()) {
        instance.data = bytes.data();
        instance.size = bytes.size();
        instance.pages = 1;
    }
    static WasiConfig config() {
        static const StringView arguments[] = {"app", "one", "two"};
        WasiConfig config;
        config.arguments = Span<const StringView>(arguments, 3);
        return config;
    }
    Errno call(Errno (*handler)(Wasi&, GuestMemory&, Span<Value>), std::vector<uint64_t> args) {
        std::vector<Value> values;
        for (uint64_t arg : args)
            values.push_back(Value::from_i64(arg));
        GuestMemory memory(&instance);
        return handler(wasi, memory, Span<Value>(values.data(), values.size()));
    }
    void put_u32(uint32_t at, uint32_t value) { std::memcpy(&bytes[at], &value, 4); }
    uint32_t get_u32(uint32_t at) {
        uint32_t value;
        std::memcpy(&value, &bytes[at], 4);
        return value;
    }

    std::vector<uint8_t> bytes;
    MemoryInstance instance;
    FakeHost host;
    Wasi wasi;
};

constexpr uint32_t kEnd = MemoryInstance::kPageSize;

} // namespace

TEST_F(Fixture, FdWriteGathersIovecsToTheHostStream) {
    std::memcpy(&bytes[100], "hello ", 6);
    std::memcpy(&bytes[200], "world", 5);
    put_u32(16, 100), put_u32(20, 6), put_u32(24, 200), put_u32(28, 5);
    EXPECT_EQ(call(calls::fd_write, {1, 16, 2, 40}), Errno::Success);
    EXPECT_EQ(host.out, "hello world");
    EXPECT_EQ(get_u32(40), 11u);
}

TEST_F(Fixture, PointersOutsideMemoryAreFaults) {
    put_u32(16, kEnd - 2), put_u32(20, 3); // a buffer that runs one byte past the end
    EXPECT_EQ(call(calls::fd_write, {1, 16, 1, 40}), Errno::Fault);
    put_u32(16, 0xffff'fff0), put_u32(20, 0x20); // wraps around in 32 bits
    EXPECT_EQ(call(calls::fd_write, {1, 16, 1, 40}), Errno::Fault);
    EXPECT_EQ(call(calls::fd_write, {1, kEnd - 4, 1, 40}), Errno::Fault); // the iovec itself
    put_u32(16, 100), put_u32(20, 1);
    EXPECT_EQ(call(calls::fd_write, {1, 16, 1, kEnd - 3}), Errno::Fault); // the result
    EXPECT_EQ(host.out, ""); // nothing was written by the refused calls
    EXPECT_EQ(call(calls::args_sizes_get, {kEnd, 0}), Errno::Fault);
    EXPECT_EQ(call(calls::random_get, {kEnd - 10, 11}), Errno::Fault);
    EXPECT_EQ(call(calls::clock_time_get, {1, 0, kEnd - 7}), Errno::Fault);
}

TEST_F(Fixture, ArgumentsAreLaidOutAsWasiLibcExpects) {
    EXPECT_EQ(call(calls::args_sizes_get, {0, 4}), Errno::Success);
    EXPECT_EQ(get_u32(0), 3u);
    EXPECT_EQ(get_u32(4), 12u); // "app\0one\0two\0"
    EXPECT_EQ(call(calls::args_get, {100, 200}), Errno::Success);
    EXPECT_EQ(get_u32(100), 200u);
    EXPECT_EQ(get_u32(104), 204u);
    EXPECT_STREQ(reinterpret_cast<const char*>(&bytes[get_u32(108)]), "two");
}

TEST_F(Fixture, DescriptorsAndRightsAreChecked) {
    put_u32(16, 100), put_u32(20, 1);
    EXPECT_EQ(call(calls::fd_write, {9, 16, 1, 40}), Errno::BadFd);
    EXPECT_EQ(call(calls::fd_write, {0, 16, 1, 40}), Errno::NotCapable); // stdin is read-only
    EXPECT_EQ(call(calls::fd_seek, {1, 0, 0, 40}), Errno::SeekPipe);
    EXPECT_EQ(call(calls::fd_prestat_get, {3, 40}), Errno::BadFd); // no preopens
    EXPECT_EQ(call(calls::path_open, {1, 0, 100, 1, 0, rights::kAll, rights::kAll, 0, 40}),
              Errno::NotDirectory);
    EXPECT_EQ(call(calls::fd_close, {1}), Errno::Success);
    EXPECT_EQ(call(calls::fd_write, {1, 16, 1, 40}), Errno::BadFd);
}

TEST_F(Fixture, StdinIsRead) {
    host.input = "abc";
    put_u32(16, 100), put_u32(20, 8);
    EXPECT_EQ(call(calls::fd_read, {0, 16, 1, 40}), Errno::Success);
    EXPECT_EQ(get_u32(40), 3u);
    EXPECT_EQ(std::memcmp(&bytes[100], "abc", 3), 0);
}

TEST_F(Fixture, PollWaitsForTheEarliestClock) {
    // Two relative monotonic clocks, 500 and 900 ns: one wait, and only the first fires.
    for (int i = 0; i < 2; ++i) {
        uint32_t at = 1024 + 48 * i;
        std::memset(&bytes[at], 0, 48);
        bytes[at] = uint8_t(10 + i); // userdata
        bytes[at + 8] = 0;           // clock
        put_u32(at + 16, uint32_t(ClockId::Monotonic));
        uint64_t timeout = i == 0 ? 500 : 900;
        std::memcpy(&bytes[at + 24], &timeout, 8);
    }
    EXPECT_EQ(call(calls::poll_oneoff, {1024, 2048, 2, 40}), Errno::Success);
    EXPECT_EQ(host.sleeps, 1);
    EXPECT_EQ(host.now, 1500u);
    EXPECT_EQ(get_u32(40), 1u);
    EXPECT_EQ(bytes[2048], 10); // the first subscription's userdata
    EXPECT_EQ(call(calls::poll_oneoff, {1024, 2048, 0, 40}), Errno::Invalid);
}

TEST_F(Fixture, ProcExitEndsTheProgramWithItsCode) {
    EXPECT_FALSE(wasi.exited());
    call(calls::proc_exit, {7});
    EXPECT_TRUE(wasi.exited());
    EXPECT_EQ(wasi.exit_code(), 7u);
}

namespace {

// A module whose only import is `module.name` with type (i32, i32) -> i32.
struct OneImport {
    ValType params[2] = {ValType::I32, ValType::I32};
    ValType results[1] = {ValType::I32};
    FuncType type{Span<const ValType>(params, 2), Span<const ValType>(results, 1)};
    Import import;
    Module module;
    OneImport(StringView module_name, StringView name) {
        import.module = module_name;
        import.name = name;
        import.kind = ExternKind::Function;
        module.types = Span<const FuncType>(&type, 1);
        module.imports = Span<const Import>(&import, 1);
    }
};

class MallocAllocator final : public Allocator {
public:
    void* allocate(size_t size, size_t) override { return std::malloc(size ? size : 1); }
    void deallocate(void* pointer, size_t) override { std::free(pointer); }
};

std::string link_error(Wasi& wasi, const OneImport& one) {
    MallocAllocator allocator;
    Store store(allocator);
    ExternValue imports[1];
    LinkError error;
    if (wasi.link(store, one.module, Span<ExternValue>(imports, 1), &error).is_ok())
        return "linked";
    char text[200];
    return std::string(format_to_buffer(text, sizeof text, "{}", error).data());
}

} // namespace

TEST_F(Fixture, LinkNamesWhatItCannotProvide) {
    EXPECT_EQ(link_error(wasi, OneImport("wasi_snapshot_preview1", "args_get")), "linked");
    EXPECT_EQ(link_error(wasi, OneImport("wasi_snapshot_preview1", "sock_accept")),
              "import wasi_snapshot_preview1.sock_accept: this WASI function is not implemented");
    EXPECT_EQ(link_error(wasi, OneImport("env", "args_get")),
              "import env.args_get: only wasi_snapshot_preview1 is provided");
    EXPECT_EQ(link_error(wasi, OneImport("wasi_snapshot_preview1", "fd_close")),
              "import wasi_snapshot_preview1.fd_close: declared with the wrong type");
}
