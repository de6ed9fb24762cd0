#pragma once
// What the test suite and its helper program (`test_helper`, helper/main.cpp) agree on: the
// modes the helper runs in (its argv[1]) and, in `echo` mode, the labels of the calls it serves.

#include <lib/string_view.h>

namespace mica::test::helper {

constexpr StringView kProgram = "test_helper";

// argv[1] of the helper. Modes that take a number read it from argv[2].
constexpr StringView kModeExit = "exit";              // process_exit(argv[2])
constexpr StringView kModeReturn = "return";          // return argv[2] from main (libmica exits)
constexpr StringView kModeNull = "null";              // read through a null pointer
constexpr StringView kModeKernel = "kernel";          // read a kernel address
constexpr StringView kModeIllegal = "illegal";        // execute an illegal instruction
constexpr StringView kModeWriteCode = "write-code";   // write to its own (read-only) code
constexpr StringView kModeSpin = "spin";              // yield forever, until killed
constexpr StringView kModeSleepExit = "sleep-exit";   // sleep argv[2] ms, then exit with 7
constexpr StringView kModeMapper = "mapper";          // map and touch memory, make objects, exit 0
constexpr StringView kModeMapperSpin = "mapper-spin"; // the same, then spin until killed
constexpr StringView kModeEcho = "echo";              // serve the Bootstrap endpoint (labels below)
// x86_64 port modes, with an IoPortRange startup handle covering kScratchPort:
constexpr StringView kModePortDenied = "port-denied";   // read the port without io_port_access
constexpr StringView kModePortAllowed = "port-allowed"; // open it, write kScratchValue, exit with
                                                        // what reads back
constexpr StringView kModePortRevoked = "port-revoked"; // open, check, close again, read: faults

// COM1's 16550 scratch register (base + 7): holds the byte last written and drives nothing.
constexpr uint16_t kScratchPort = 0x3ff;
constexpr uint8_t kScratchValue = 0x5a;

// Exit code of a fault mode that survived its fault (the test then fails).
constexpr int kSurvivedFault = 99;
constexpr int kSleepExitCode = 7;

// Labels (abi::ipc_info's label) of calls to the echo helper.
enum Label : uint32_t {
    // Replies with each register word + 1, each IPC-buffer word + 1, and the handles it received
    // (moved back, so they need transfer).
    kLabelEcho = 1,
    // Replies with word0 = the badge the call came through.
    kLabelBadge = 2,
    // The call carries a memory object: the helper maps it, replies with word0 = the u64 at
    // offset 0 and writes the call's word0 to offset 8 (then unmaps it and closes the handle).
    kLabelShared = 3,
    // Replies, then exits with word0.
    kLabelExit = 4,
    // Takes the call and never replies (sleeps until killed).
    kLabelHang = 5,
    // Takes the call and faults (null read) while owing the reply.
    kLabelFault = 6,
};

// Amount the mapper modes map and touch.
constexpr uint64_t kMapperBytes = 256 * 1024;

} // namespace mica::test::helper
