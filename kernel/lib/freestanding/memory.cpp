// The compiler lowers struct copies and zeroing to calls of these functions even in a freestanding
// build, so the kernel (and libmica, which compiles this file too) must provide them. Bulk copies
// and fills move aligned 64-bit words, eight per loop; byte loops do the unaligned edges and
// copies whose source and destination are misaligned differently. Unaligned word accesses are
// avoided: riscv64 may trap on them (and have firmware emulate them, slowly).

#include <stddef.h>
#include <stdint.h>

// no_builtin stops clang from turning these very loops back into calls to themselves.
#define MICA_NO_BUILTIN __attribute__((no_builtin))

namespace {

// Word access to memory of any declared type (these functions copy objects of every type).
using Word = uint64_t __attribute__((may_alias));
constexpr size_t kWordSize = sizeof(Word);
constexpr size_t kBlockSize = 8 * kWordSize;

bool word_aligned(const void* pointer) {
    return (reinterpret_cast<uintptr_t>(pointer) & (kWordSize - 1)) == 0;
}

// Same misalignment: after copying the leading bytes, both pointers are word-aligned.
bool alignable_together(const void* a, const void* b) {
    return ((reinterpret_cast<uintptr_t>(a) ^ reinterpret_cast<uintptr_t>(b)) & (kWordSize - 1)) ==
           0;
}

MICA_NO_BUILTIN void copy_words_forward(unsigned char*& d, const unsigned char*& s, size_t& count) {
    for (; count >= kBlockSize; count -= kBlockSize, d += kBlockSize, s += kBlockSize) {
        Word* dw = reinterpret_cast<Word*>(d);
        const Word* sw = reinterpret_cast<const Word*>(s);
        Word w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
        Word w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];
        dw[0] = w0, dw[1] = w1, dw[2] = w2, dw[3] = w3;
        dw[4] = w4, dw[5] = w5, dw[6] = w6, dw[7] = w7;
    }
    for (; count >= kWordSize; count -= kWordSize, d += kWordSize, s += kWordSize)
        *reinterpret_cast<Word*>(d) = *reinterpret_cast<const Word*>(s);
}

// Forward copy; overlapping is fine when dest is below src (memmove relies on it).
MICA_NO_BUILTIN void copy_forward(unsigned char* d, const unsigned char* s, size_t count) {
    if (count >= kWordSize && alignable_together(d, s)) {
        for (; !word_aligned(d); --count)
            *d++ = *s++;
        copy_words_forward(d, s, count);
    }
    while (count--)
        *d++ = *s++;
}

// Backward copy from the ends (d and s point one past the last byte), for memmove with dest
// above src.
MICA_NO_BUILTIN void copy_backward(unsigned char* d, const unsigned char* s, size_t count) {
    if (count >= kWordSize && alignable_together(d, s)) {
        for (; !word_aligned(d); --count)
            *--d = *--s;
        for (; count >= kWordSize; count -= kWordSize) {
            d -= kWordSize;
            s -= kWordSize;
            *reinterpret_cast<Word*>(d) = *reinterpret_cast<const Word*>(s);
        }
    }
    while (count--)
        *--d = *--s;
}

} // namespace

extern "C" {

MICA_NO_BUILTIN void* memcpy(void* __restrict dest, const void* __restrict src, size_t count) {
    copy_forward(static_cast<unsigned char*>(dest), static_cast<const unsigned char*>(src), count);
    return dest;
}

MICA_NO_BUILTIN void* memmove(void* dest, const void* src, size_t count) {
    auto* d = static_cast<unsigned char*>(dest);
    const auto* s = static_cast<const unsigned char*>(src);
    if (d < s)
        copy_forward(d, s, count);
    else if (d > s)
        copy_backward(d + count, s + count, count);
    return dest;
}

MICA_NO_BUILTIN void* memset(void* dest, int value, size_t count) {
    auto* d = static_cast<unsigned char*>(dest);
    auto byte = static_cast<unsigned char>(value);
    if (count >= kWordSize) {
        for (; !word_aligned(d); --count)
            *d++ = byte;
        Word pattern = Word(byte) * 0x0101'0101'0101'0101ull;
        for (; count >= kBlockSize; count -= kBlockSize, d += kBlockSize) {
            Word* dw = reinterpret_cast<Word*>(d);
            dw[0] = pattern, dw[1] = pattern, dw[2] = pattern, dw[3] = pattern;
            dw[4] = pattern, dw[5] = pattern, dw[6] = pattern, dw[7] = pattern;
        }
        for (; count >= kWordSize; count -= kWordSize, d += kWordSize)
            *reinterpret_cast<Word*>(d) = pattern;
    }
    while (count--)
        *d++ = byte;
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
