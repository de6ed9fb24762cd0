// The str* functions of libmica's C subset; the mem* ones and strlen come from
// kernel/lib/freestanding/memory.cpp. Simple loops: nothing hot uses them yet.

#include <string.h>

// no_builtin stops clang from turning these loops back into calls to themselves.
#define MICA_NO_BUILTIN __attribute__((no_builtin))

extern "C" {

MICA_NO_BUILTIN int strcmp(const char* a, const char* b) {
    for (; *a && *a == *b; ++a, ++b) {
    }
    return int(static_cast<unsigned char>(*a)) - int(static_cast<unsigned char>(*b));
}

MICA_NO_BUILTIN int strncmp(const char* a, const char* b, size_t count) {
    for (; count; --count, ++a, ++b) {
        if (*a != *b || !*a)
            return int(static_cast<unsigned char>(*a)) - int(static_cast<unsigned char>(*b));
    }
    return 0;
}

MICA_NO_BUILTIN char* strchr(const char* s, int c) {
    // As in C: the terminating NUL is part of the string, so strchr(s, 0) finds it.
    for (;; ++s) {
        if (*s == char(c))
            return const_cast<char*>(s);
        if (!*s)
            return nullptr;
    }
}

} // extern "C"
