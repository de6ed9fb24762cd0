#pragma once
// The C string and memory functions libmica provides (the mem* ones from
// kernel/lib/freestanding/memory.cpp, which compilers also call for struct copies and zeroing,
// the str* ones from user/lib/src/string.cpp). No locale, no errno.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* memcpy(void* __restrict dest, const void* __restrict src, size_t count);
void* memmove(void* dest, const void* src, size_t count);
void* memset(void* dest, int value, size_t count);
int memcmp(const void* a, const void* b, size_t count);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t count);
char* strchr(const char* s, int c);

#ifdef __cplusplus
}
#endif
