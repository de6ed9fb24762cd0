#pragma once
// IEEE 754 operations WebAssembly defines exactly, written on the bit patterns so they need no
// libm and no particular FPU (riscv64 and baseline x86-64 have no rounding instructions; a
// freestanding build has no floor()): abs/neg/copysign keep NaN payloads, the four roundings,
// and min/max with the spec's rules for NaN and signed zeros. sqrt and the arithmetic use the
// FPU: clang inlines __builtin_sqrt when built with -fno-math-errno.

#include <lib/types.h>

namespace mica::wasm::fp {

// Bit layout of one binary format: F32 (8-bit exponent) or F64 (11-bit).
template <typename Float, typename Bits, int kMantissaBits, int kBias>
struct Format {
    using F = Float;
    using B = Bits;
    static constexpr int kMantissa = kMantissaBits;
    static constexpr B kSign = B(1) << (sizeof(B) * 8 - 1);

    static B bits(F value) { return __builtin_bit_cast(B, value); }
    static F from(B bits) { return __builtin_bit_cast(F, bits); }
    // The unbiased exponent; very large for infinities and NaNs.
    static int exponent(B bits) { return int((bits & ~kSign) >> kMantissaBits) - kBias; }
};

using F32 = Format<float, uint32_t, 23, 127>;
using F64 = Format<double, uint64_t, 52, 1023>;

template <typename Fmt>
typename Fmt::F abs(typename Fmt::F x) {
    return Fmt::from(Fmt::bits(x) & ~Fmt::kSign);
}
template <typename Fmt>
typename Fmt::F neg(typename Fmt::F x) {
    return Fmt::from(Fmt::bits(x) ^ Fmt::kSign);
}
template <typename Fmt>
typename Fmt::F copysign(typename Fmt::F x, typename Fmt::F y) {
    return Fmt::from((Fmt::bits(x) & ~Fmt::kSign) | (Fmt::bits(y) & Fmt::kSign));
}

template <typename Fmt>
typename Fmt::F trunc(typename Fmt::F x) {
    using B = typename Fmt::B;
    B bits = Fmt::bits(x);
    int e = Fmt::exponent(bits);
    if (e >= Fmt::kMantissa) // already integral, or inf/NaN
        return x;
    if (e < 0)
        return Fmt::from(bits & Fmt::kSign);
    B fraction = (B(1) << (Fmt::kMantissa - e)) - 1;
    return Fmt::from(bits & ~fraction);
}

// Rounds toward -inf (`up` false) or +inf (`up` true).
template <typename Fmt>
typename Fmt::F round_directed(typename Fmt::F x, bool up) {
    using B = typename Fmt::B;
    B bits = Fmt::bits(x);
    bool negative = bits & Fmt::kSign;
    int e = Fmt::exponent(bits);
    if (e >= Fmt::kMantissa)
        return x;
    if (e < 0) {
        if ((bits & ~Fmt::kSign) == 0)
            return x; // +-0 stays
        // |x| < 1: the result is +-0 or +-1 depending on direction.
        if (negative)
            return up ? Fmt::from(Fmt::kSign) : typename Fmt::F(-1);
        return up ? typename Fmt::F(1) : typename Fmt::F(0);
    }
    B fraction = (B(1) << (Fmt::kMantissa - e)) - 1;
    if ((bits & fraction) == 0)
        return x;
    // Away from zero when the direction points away from zero; the carry may bump the exponent.
    if (negative != up)
        bits += fraction + 1;
    return Fmt::from(bits & ~fraction);
}

template <typename Fmt>
typename Fmt::F floor(typename Fmt::F x) {
    return round_directed<Fmt>(x, false);
}
template <typename Fmt>
typename Fmt::F ceil(typename Fmt::F x) {
    return round_directed<Fmt>(x, true);
}

// Round to nearest, ties to even.
template <typename Fmt>
typename Fmt::F nearest(typename Fmt::F x) {
    using B = typename Fmt::B;
    B bits = Fmt::bits(x);
    int e = Fmt::exponent(bits);
    if (e >= Fmt::kMantissa)
        return x;
    B sign = bits & Fmt::kSign;
    if (e < -1) // |x| < 0.5
        return Fmt::from(sign);
    if (e == -1) { // 0.5 <= |x| < 1: exactly 0.5 ties to 0
        bool half = (bits & ~Fmt::kSign) == Fmt::bits(typename Fmt::F(0.5));
        return Fmt::from(sign | (half ? 0 : Fmt::bits(typename Fmt::F(1))));
    }
    B one = B(1) << (Fmt::kMantissa - e); // the units place (for e == 0 the exponent's low bit,
                                          // which is 1 as the integer part is)
    B fraction = one - 1;
    B half = one >> 1;
    B rest = bits & fraction;
    bits &= ~fraction;
    if (rest > half || (rest == half && (bits & one)))
        bits += one;
    return Fmt::from(bits);
}

template <typename Fmt>
typename Fmt::F min(typename Fmt::F a, typename Fmt::F b) {
    if (a != a || b != b)
        return a + b; // a NaN (quiet)
    if (a == b)       // also -0 == +0: the negative one wins
        return Fmt::from(Fmt::bits(a) | Fmt::bits(b));
    return a < b ? a : b;
}

template <typename Fmt>
typename Fmt::F max(typename Fmt::F a, typename Fmt::F b) {
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return Fmt::from(Fmt::bits(a) & Fmt::bits(b));
    return a > b ? a : b;
}

} // namespace mica::wasm::fp
