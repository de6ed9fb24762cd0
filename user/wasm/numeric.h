#pragma once
// The integer and conversion semantics the interpreter's handlers use: shifts and rotations
// modulo the width, counts that define the zero case, and float-to-integer truncation, trapping
// (with the kind the spec names: NaN is an invalid conversion, out of range an overflow) or
// saturating. Written once here so the handlers stay one line each and UBSan has nothing to say.

#include <wasm/float_math.h>
#include <wasm/trap.h>

namespace mica::wasm::num {

inline uint32_t clz32(uint32_t x) { return x ? uint32_t(__builtin_clz(x)) : 32; }
inline uint32_t ctz32(uint32_t x) { return x ? uint32_t(__builtin_ctz(x)) : 32; }
inline uint32_t popcnt32(uint32_t x) { return uint32_t(__builtin_popcount(x)); }
inline uint64_t clz64(uint64_t x) { return x ? uint64_t(__builtin_clzll(x)) : 64; }
inline uint64_t ctz64(uint64_t x) { return x ? uint64_t(__builtin_ctzll(x)) : 64; }
inline uint64_t popcnt64(uint64_t x) { return uint64_t(__builtin_popcountll(x)); }

inline uint32_t shl32(uint32_t a, uint32_t b) { return a << (b & 31); }
inline uint32_t shr_s32(uint32_t a, uint32_t b) { return uint32_t(int32_t(a) >> (b & 31)); }
inline uint32_t shr_u32(uint32_t a, uint32_t b) { return a >> (b & 31); }
inline uint32_t rotl32(uint32_t a, uint32_t b) { return __builtin_rotateleft32(a, b & 31); }
inline uint32_t rotr32(uint32_t a, uint32_t b) { return __builtin_rotateright32(a, b & 31); }
inline uint64_t shl64(uint64_t a, uint64_t b) { return a << (b & 63); }
inline uint64_t shr_s64(uint64_t a, uint64_t b) { return uint64_t(int64_t(a) >> (b & 63)); }
inline uint64_t shr_u64(uint64_t a, uint64_t b) { return a >> (b & 63); }
inline uint64_t rotl64(uint64_t a, uint64_t b) { return __builtin_rotateleft64(a, b & 63); }
inline uint64_t rotr64(uint64_t a, uint64_t b) { return __builtin_rotateright64(a, b & 63); }

// Division and remainder: TrapKind::None and the result, or the trap.
template <typename U, typename S>
TrapKind div_s(U a, U b, U& out) {
    if (b == 0)
        return TrapKind::IntegerDivideByZero;
    if (S(a) == S(U(1) << (sizeof(U) * 8 - 1)) && S(b) == -1)
        return TrapKind::IntegerOverflow;
    out = U(S(a) / S(b));
    return TrapKind::None;
}
template <typename U>
TrapKind div_u(U a, U b, U& out) {
    if (b == 0)
        return TrapKind::IntegerDivideByZero;
    out = a / b;
    return TrapKind::None;
}
template <typename U, typename S>
TrapKind rem_s(U a, U b, U& out) {
    if (b == 0)
        return TrapKind::IntegerDivideByZero;
    out = S(b) == -1 ? 0 : U(S(a) % S(b)); // INT_MIN % -1 is 0, not overflow
    return TrapKind::None;
}
template <typename U>
TrapKind rem_u(U a, U b, U& out) {
    if (b == 0)
        return TrapKind::IntegerDivideByZero;
    out = a % b;
    return TrapKind::None;
}

// Float to integer. `low` and `high` bound the inputs whose truncation fits: low < x < high,
// both exactly representable in F (the spec's ranges, e.g. -2^31-1 < x < 2^31 for i32 from f64).
template <typename I, typename F>
TrapKind truncate(F x, F low, F high, I& out) {
    if (x != x)
        return TrapKind::InvalidConversion;
    if (!(x > low && x < high))
        return TrapKind::IntegerOverflow;
    out = I(x);
    return TrapKind::None;
}
template <typename I, typename F>
I truncate_saturating(F x, F low, F high, I min, I max) {
    if (x != x)
        return 0;
    if (!(x > low))
        return min;
    if (!(x < high))
        return max;
    return I(x);
}

// The open ranges (low, high) for each source format and target integer.
template <typename F, typename I>
struct TruncRange;
template <>
struct TruncRange<float, int32_t> {
    static constexpr float kLow = -2147483904.0f; // next f32 below -2^31
    static constexpr float kHigh = 2147483648.0f;
};
template <>
struct TruncRange<float, uint32_t> {
    static constexpr float kLow = -1.0f;
    static constexpr float kHigh = 4294967296.0f;
};
template <>
struct TruncRange<double, int32_t> {
    static constexpr double kLow = -2147483649.0;
    static constexpr double kHigh = 2147483648.0;
};
template <>
struct TruncRange<double, uint32_t> {
    static constexpr double kLow = -1.0;
    static constexpr double kHigh = 4294967296.0;
};
template <>
struct TruncRange<float, int64_t> {
    static constexpr float kLow = -9223373136366403584.0f; // next f32 below -2^63
    static constexpr float kHigh = 9223372036854775808.0f;
};
template <>
struct TruncRange<float, uint64_t> {
    static constexpr float kLow = -1.0f;
    static constexpr float kHigh = 18446744073709551616.0f;
};
template <>
struct TruncRange<double, int64_t> {
    static constexpr double kLow = -9223372036854777856.0; // next f64 below -2^63
    static constexpr double kHigh = 9223372036854775808.0;
};
template <>
struct TruncRange<double, uint64_t> {
    static constexpr double kLow = -1.0;
    static constexpr double kHigh = 18446744073709551616.0;
};

template <typename I, typename F>
TrapKind trunc(F x, I& out) {
    return truncate<I, F>(x, TruncRange<F, I>::kLow, TruncRange<F, I>::kHigh, out);
}
template <typename I, typename F>
I trunc_sat(F x) {
    return truncate_saturating<I, F>(x, TruncRange<F, I>::kLow, TruncRange<F, I>::kHigh,
                                     I(I(0) - 1) < I(0) ? I(I(1) << (sizeof(I) * 8 - 1)) : I(0),
                                     I(I(0) - 1) < I(0) ? I(~(I(1) << (sizeof(I) * 8 - 1)))
                                                        : I(~I(0)));
}

} // namespace mica::wasm::num
