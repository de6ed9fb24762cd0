// The ABI generated from abi/mica.abi: the tables are consistent, libmica's stubs put arguments
// where the convention says, and tools/gen_abi.py rejects malformed specs naming the line.

#include <abi/kernel_syscalls.h>
#include <abi/user_syscalls.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <sys/wait.h>

using namespace mica::abi;

TEST(Abi, StatusOkIsZeroAndNamesAreUnique) {
    EXPECT_EQ(static_cast<uint64_t>(Status::Ok), 0u);
    std::set<std::string> names;
    for (uint64_t value = 0; value < kStatusCount; ++value) {
        std::string name = status_name(static_cast<Status>(value));
        EXPECT_NE(name, "unknown status") << value;
        EXPECT_TRUE(names.insert(name).second) << name;
    }
    EXPECT_STREQ(status_name(static_cast<Status>(kStatusCount)), "unknown status");
}

TEST(Abi, RightsAreDistinctSingleBits) {
    uint32_t seen = 0;
    for (const RightInfo& info : kRightTable) {
        uint32_t bit = static_cast<uint32_t>(info.right);
        EXPECT_EQ(__builtin_popcount(bit), 1) << info.name;
        EXPECT_EQ(seen & bit, 0u) << info.name;
        seen |= bit;
    }
    EXPECT_EQ(seen, static_cast<uint32_t>(Rights::All));
    EXPECT_TRUE(has_rights(Rights::All, Rights::Read | Rights::Transfer));
    EXPECT_FALSE(has_rights(Rights::Read, Rights::Read | Rights::Write));
}

TEST(Abi, ObjectTypesAreNamed) {
    std::set<std::string> names;
    for (uint32_t value = 1; value <= kObjectTypeCount; ++value) {
        std::string name = object_type_name(static_cast<ObjectType>(value));
        EXPECT_NE(name, "unknown type") << value;
        EXPECT_TRUE(names.insert(name).second) << name;
    }
}

TEST(Abi, SyscallTableIsIndexedByNumberWithUniqueNames) {
    std::set<std::string> names;
    for (uint64_t i = 0; i < kSyscallCount; ++i) {
        const SyscallInfo& call = kSyscalls[i];
        EXPECT_EQ(static_cast<uint64_t>(call.number), i) << call.name;
        EXPECT_TRUE(names.insert(call.name).second) << call.name;
        EXPECT_LE(call.arg_count, kMaxSyscallArgs) << call.name;
        EXPECT_LE(call.result_count, kMaxSyscallResults) << call.name;
        EXPECT_NE(call.isas, 0) << call.name;
        if (call.noreturn)
            EXPECT_EQ(call.result_count, 0) << call.name;
    }
}

TEST(Abi, HandleArgumentsNameRealTypesAndRights) {
    int handles = 0;
    for (const SyscallInfo& call : kSyscalls) {
        for (int i = 0; i < call.arg_count; ++i) {
            const ArgInfo& arg = call.args[i];
            uint32_t rights = static_cast<uint32_t>(arg.rights);
            EXPECT_EQ(rights & ~static_cast<uint32_t>(Rights::All), 0u) << call.name;
            if (arg.kind != ArgKind::Handle) {
                EXPECT_EQ(arg.object, ObjectType::None) << call.name << "." << arg.name;
                EXPECT_EQ(rights, 0u) << call.name << "." << arg.name;
                continue;
            }
            ++handles;
            EXPECT_LE(static_cast<uint32_t>(arg.object), kObjectTypeCount) << call.name;
            EXPECT_STRNE(object_type_name(arg.object), "unknown type") << call.name;
        }
    }
    EXPECT_GT(handles, 0);
}

TEST(Abi, PointersNameASizeArgument) {
    for (const SyscallInfo& call : kSyscalls) {
        for (int i = 0; i < call.arg_count; ++i) {
            const ArgInfo& arg = call.args[i];
            bool pointer = arg.kind == ArgKind::InPtr || arg.kind == ArgKind::OutPtr;
            if (!pointer) {
                EXPECT_EQ(arg.length_arg, -1) << call.name << "." << arg.name;
                continue;
            }
            ASSERT_GE(arg.length_arg, 0) << call.name;
            ASSERT_LT(arg.length_arg, call.arg_count) << call.name;
            EXPECT_EQ(call.args[arg.length_arg].kind, ArgKind::Size) << call.name;
        }
    }
}

// ---- libmica stubs over a recording mica_syscallN
// ------------------------------------------------

namespace {

struct Recorded {
    uint64_t number = ~0ull;
    int count = -1;
    uint64_t args[kMaxSyscallArgs] = {};
};
Recorded g_recorded;
SyscallReturn g_reply;

SyscallReturn record(uint64_t number, int count, const uint64_t* args) {
    g_recorded = {};
    g_recorded.number = number;
    g_recorded.count = count;
    for (int i = 0; i < count; ++i)
        g_recorded.args[i] = args[i];
    return g_reply;
}

} // namespace

namespace mica::sys {

SyscallReturn mica_syscall0(uint64_t n) { return record(n, 0, nullptr); }
SyscallReturn mica_syscall1(uint64_t n, uint64_t a0) {
    uint64_t a[] = {a0};
    return record(n, 1, a);
}
SyscallReturn mica_syscall2(uint64_t n, uint64_t a0, uint64_t a1) {
    uint64_t a[] = {a0, a1};
    return record(n, 2, a);
}
SyscallReturn mica_syscall3(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2) {
    uint64_t a[] = {a0, a1, a2};
    return record(n, 3, a);
}
SyscallReturn mica_syscall4(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    uint64_t a[] = {a0, a1, a2, a3};
    return record(n, 4, a);
}
SyscallReturn mica_syscall5(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4) {
    uint64_t a[] = {a0, a1, a2, a3, a4};
    return record(n, 5, a);
}
SyscallReturn mica_syscall6(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4, uint64_t a5) {
    uint64_t a[] = {a0, a1, a2, a3, a4, a5};
    return record(n, 6, a);
}

} // namespace mica::sys

TEST(AbiUserStubs, PassArgumentsInOrderAndStoreResultsOnSuccess) {
    g_reply = {0, {42, 0, 0, 0, 0}};
    Handle copy = 0;
    EXPECT_EQ(mica::sys::handle_duplicate(7, Rights::Read | Rights::Wait, &copy), Status::Ok);
    EXPECT_EQ(g_recorded.number, static_cast<uint64_t>(Syscall::HandleDuplicate));
    EXPECT_EQ(g_recorded.count, 2);
    EXPECT_EQ(g_recorded.args[0], 7u);
    EXPECT_EQ(g_recorded.args[1], static_cast<uint64_t>(Rights::Read | Rights::Wait));
    EXPECT_EQ(copy, 42u);
}

TEST(AbiUserStubs, LeaveResultsAloneOnError) {
    g_reply = {static_cast<uint64_t>(Status::AccessDenied), {42, 0, 0, 0, 0}};
    Handle copy = 5;
    EXPECT_EQ(mica::sys::handle_duplicate(7, Rights::Read, &copy), Status::AccessDenied);
    EXPECT_EQ(copy, 5u);
}

TEST(AbiUserStubs, PassPointersAsAddresses) {
    g_reply = {};
    const char text[] = "hello";
    EXPECT_EQ(mica::sys::debug_write(text, 5), Status::Ok);
    EXPECT_EQ(g_recorded.number, static_cast<uint64_t>(Syscall::DebugWrite));
    EXPECT_EQ(g_recorded.args[0], reinterpret_cast<uintptr_t>(text));
    EXPECT_EQ(g_recorded.args[1], 5u);
}

// ---- The generator on malformed specs
// -------------------------------------------------------------

namespace {

struct GeneratorRun {
    int status;
    std::string output;
};

GeneratorRun check_spec(const std::string& name) {
    std::string command = std::string("python3 ") + MICA_GEN_ABI + " --check-only " +
                          MICA_ABI_TEST_DATA + "/" + name + " 2>&1";
    GeneratorRun run{-1, {}};
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return run;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe))
        run.output += buffer;
    int status = pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

void expect_rejected(const std::string& name, int line, const std::string& words) {
    GeneratorRun run = check_spec(name);
    EXPECT_EQ(run.status, 1) << run.output;
    EXPECT_NE(run.output.find(name + ":" + std::to_string(line) + ": error:"), std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find(words), std::string::npos) << run.output;
}

} // namespace

TEST(AbiGenerator, AcceptsAValidSpec) {
    GeneratorRun run = check_spec("valid.abi");
    EXPECT_EQ(run.status, 0) << run.output;
    EXPECT_EQ(run.output, "");
}

TEST(AbiGenerator, RejectsADuplicateNumber) {
    expect_rejected("duplicate_number.abi", 8, "syscall number 0 already used");
}

TEST(AbiGenerator, RejectsAnUnknownType) {
    expect_rejected("unknown_type.abi", 8, "unknown argument type 'widget'");
}

TEST(AbiGenerator, RejectsTooManyArguments) {
    expect_rejected("too_many_arguments.abi", 14, "more than 6 register arguments");
}

TEST(AbiGenerator, RejectsAnUnknownRight) {
    expect_rejected("unknown_right.abi", 8, "unknown right 'fly'");
}

TEST(AbiGenerator, RejectsAnUnknownObjectType) {
    expect_rejected("unknown_object.abi", 8, "unknown object type 'gizmo'");
}
