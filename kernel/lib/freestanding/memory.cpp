// The compiler lowers struct copies and zeroing to calls of these functions even in a freestanding
// build, so the kernel must provide them. They are deliberately simple; hot paths that need speed
// get arch-specific versions later.

#include <stddef.h>
#include <stdint.h>

// no_builtin stops clang from turning these very loops back into calls to themselves.
#define MICA_NO_BUILTIN __attribute__((no_builtin))

extern "C" {

MICA_NO_BUILTIN void* memcpy(void* __restrict dest, const void* __restrict src, size_t count) {
    auto* d = static_cast<unsigned char*>(dest);
    const auto* s = static_cast<const unsigned char*>(src);
    while (count--)
        *d++ = *s++;
    return dest;
}

MICA_NO_BUILTIN void* memmove(void* dest, const void* src, size_t count) {
    auto* d = static_cast<unsigned char*>(dest);
    const auto* s = static_cast<const unsigned char*>(src);
    if (d < s) {
        while (count--)
            *d++ = *s++;
    } else {
        d += count;
        s += count;
        while (count--)
            *--d = *--s;
    }
    return dest;
}

MICA_NO_BUILTIN void* memset(void* dest, int value, size_t count) {
    auto* d = static_cast<unsigned char*>(dest);
    while (count--)
        *d++ = static_cast<unsigned char>(value);
    return dest;
}

MICA_NO_BUILTIN int memcmp(const void* a, const void* b, size_t count) {
    const auto* x = static_cast<const unsigned char*>(a);
    const auto* y = static_cast<const unsigned char*>(b);
    for (; count; --count, ++x, ++y) {
        if (*x != *y)
            return *x < *y ? -1 : 1;
    }
    return 0;
}

MICA_NO_BUILTIN size_t strlen(const char* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

} // extern "C"
