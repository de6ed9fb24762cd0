#include <arch/aarch64/power/psci.h>

namespace mica::arch::psci {

namespace {
constexpr uint64_t kSystemOff = 0x8400'0008;   // SMC32 fast call, standard service
constexpr uint64_t kSystemReset = 0x8400'0009; // SMC32 fast call, standard service
constexpr uint64_t kCpuOn = 0xc400'0003;       // SMC64: 64-bit target, entry and context

// PSCI return codes (DEN 0022, "Return error codes").
enum Status : int64_t {
    kSuccess = 0,
    kNotSupported = -1,
    kInvalidParameters = -2,
    kDenied = -3,
    kAlreadyOn = -4,
    kOnPending = -5,
    kInternalFailure = -6,
    kNotPresent = -7,
    kDisabled = -8,
    kInvalidAddress = -9,
};

Conduit g_conduit = Conduit::None;

// SMCCC: arguments and results in x0..x3; x4..x17 may be clobbered by SMCCC 1.0 firmware.
#define MICA_SMCCC_CALL(instruction)                                                               \
    asm volatile(instruction " #0"                                                                 \
                 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)                                          \
                 :                                                                                 \
                 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",   \
                   "x16", "x17", "memory")

uint64_t call(uint64_t function, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
    register uint64_t x0 asm("x0") = function;
    register uint64_t x1 asm("x1") = a1;
    register uint64_t x2 asm("x2") = a2;
    register uint64_t x3 asm("x3") = a3;
    switch (g_conduit) {
    case Conduit::Hvc: MICA_SMCCC_CALL("hvc"); break;
    case Conduit::Smc: MICA_SMCCC_CALL("smc"); break;
    case Conduit::None: return ~uint64_t{0};
    }
    return x0;
}
#undef MICA_SMCCC_CALL
} // namespace

Result<Conduit> find_conduit(const Fdt& fdt) {
    Optional<FdtNode> node = fdt.find_compatible("arm,psci-1.0");
    if (!node)
        node = fdt.find_compatible("arm,psci-0.2");
    if (!node || !node->is_enabled())
        return Error::NotFound;
    Optional<StringView> method = node->property_string("method");
    if (!method)
        return Error::Malformed;
    if (method.value() == "hvc")
        return Conduit::Hvc;
    if (method.value() == "smc")
        return Conduit::Smc;
    return Error::Unsupported;
}

void set_conduit(Conduit conduit) { g_conduit = conduit; }

Conduit conduit() { return g_conduit; }

void system_off() { (void)call(kSystemOff); }

void system_reset() { (void)call(kSystemReset); }

Result<void> cpu_on(uint64_t target, PhysAddr entry, uint64_t context) {
    if (g_conduit == Conduit::None)
        return Error::NotFound;
    switch (int64_t(call(kCpuOn, target, entry, context))) {
    case kSuccess: return {};
    case kAlreadyOn:
    case kOnPending: return Error::AlreadyExists;
    case kInvalidParameters:
    case kInvalidAddress: return Error::InvalidArgument;
    case kNotPresent: return Error::NotFound;
    case kNotSupported:
    case kDisabled:
    case kDenied: return Error::Unsupported;
    default: return Error::Unsupported;
    }
}

} // namespace mica::arch::psci
