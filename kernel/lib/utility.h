#pragma once
// The few pieces of <utility>/<type_traits> the kernel needs. The kernel is freestanding and has
// no C++ standard library, so these are written here once and used by host tests as well.

namespace mica {

template <typename T>
struct RemoveReference {
    using Type = T;
};
template <typename T>
struct RemoveReference<T&> {
    using Type = T;
};
template <typename T>
struct RemoveReference<T&&> {
    using Type = T;
};
template <typename T>
using RemoveReferenceT = typename RemoveReference<T>::Type;

template <typename T>
struct RemoveCv {
    using Type = T;
};
template <typename T>
struct RemoveCv<const T> {
    using Type = T;
};
template <typename T>
struct RemoveCv<volatile T> {
    using Type = T;
};
template <typename T>
struct RemoveCv<const volatile T> {
    using Type = T;
};
template <typename T>
using RemoveCvRefT = typename RemoveCv<RemoveReferenceT<T>>::Type;

template <typename T>
constexpr RemoveReferenceT<T>&& move(T&& value) {
    return static_cast<RemoveReferenceT<T>&&>(value);
}

template <typename T>
constexpr T&& forward(RemoveReferenceT<T>& value) {
    return static_cast<T&&>(value);
}

template <typename T>
constexpr T&& forward(RemoveReferenceT<T>&& value) {
    return static_cast<T&&>(value);
}

template <typename A, typename B>
inline constexpr bool kIsSame = false;
template <typename A>
inline constexpr bool kIsSame<A, A> = true;

template <typename A, typename B>
concept SameAs = kIsSame<A, B> && kIsSame<B, A>;

template <typename From, typename To>
concept ConvertibleTo = requires(From (&f)()) { static_cast<To>(f()); };

template <typename T>
concept Integral = __is_integral(T);

template <typename T>
concept SignedIntegral = Integral<T> && (T(-1) < T(0));

template <typename T>
concept UnsignedIntegral = Integral<T> && !SignedIntegral<T>;

template <typename T>
constexpr void swap(T& a, T& b) {
    T tmp = move(a);
    a = move(b);
    b = move(tmp);
}

template <typename T>
constexpr const T& min(const T& a, const T& b) {
    return b < a ? b : a;
}
template <typename T>
constexpr const T& max(const T& a, const T& b) {
    return a < b ? b : a;
}

} // namespace mica
