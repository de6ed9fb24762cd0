#pragma once
// Calls into the SBI firmware (OpenSBI) running in M-mode: `ecall` with the extension id in a7,
// the function id in a6 and arguments in a0..a5; the firmware returns {error, value} in a0/a1
// (RISC-V SBI specification, "Binary Encoding").

#include <lib/types.h>

namespace mica::arch::sbi {

enum class Extension : uint64_t {
    LegacyPutchar = 0x01,
    LegacyGetchar = 0x02,
    LegacyShutdown = 0x08,
    Base = 0x10,
    Timer = 0x54494d45,             // "TIME"
    Ipi = 0x735049,                 // "sPI"
    RemoteFence = 0x52464e43,       // "RFNC"
    HartStateManagement = 0x48534d, // "HSM"
    SystemReset = 0x53525354,       // "SRST"
};

constexpr uint64_t kSetTimerFunction = 0; // TIME: set_timer(stime_value)
constexpr uint64_t kSendIpiFunction = 0;  // sPI: send_ipi(hart_mask, hart_mask_base)
enum class HsmFunction : uint64_t { HartStart = 0, HartStop = 1, HartGetStatus = 2 };
enum class HartState : uint64_t { Started = 0, Stopped = 1, StartPending = 2, StopPending = 3 };

enum class BaseFunction : uint64_t {
    SpecVersion = 0,
    ImplementationId = 1,
    ImplementationVersion = 2,
    ProbeExtension = 3,
};

constexpr uint64_t kSystemResetFunction = 0; // SRST's only function
enum class ResetType : uint64_t { Shutdown = 0, ColdReboot = 1, WarmReboot = 2 };
enum class ResetReason : uint64_t { None = 0, SystemFailure = 1 };

struct SbiResult {
    int64_t error; // 0 on success, negative SBI error codes otherwise
    uint64_t value;
};

inline SbiResult call(Extension extension, uint64_t function, uint64_t arg0 = 0, uint64_t arg1 = 0,
                      uint64_t arg2 = 0) {
    register uint64_t a0 asm("a0") = arg0;
    register uint64_t a1 asm("a1") = arg1;
    register uint64_t a2 asm("a2") = arg2;
    register uint64_t a6 asm("a6") = function;
    register uint64_t a7 asm("a7") = uint64_t(extension);
    asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
    return {int64_t(a0), a1};
}

// Legacy (v0.1) calls return their result in a0 only and clobber nothing else we rely on.
inline int64_t legacy_call(Extension extension, uint64_t arg0 = 0) {
    register uint64_t a0 asm("a0") = arg0;
    register uint64_t a7 asm("a7") = uint64_t(extension);
    asm volatile("ecall" : "+r"(a0) : "r"(a7) : "a1", "memory");
    return int64_t(a0);
}

// Whether the firmware implements `extension` (needs SBI v0.2 or later; false before that).
inline bool probe(Extension extension) {
    SbiResult result =
        call(Extension::Base, uint64_t(BaseFunction::ProbeExtension), uint64_t(extension));
    return result.error == 0 && result.value != 0;
}

} // namespace mica::arch::sbi
