#pragma once
// Clang's thread-safety annotations (-Wthread-safety), so lock discipline is checked at compile
// time. Lock order is documented in kernel/core/README.md.

#define CAPABILITY(name) __attribute__((capability(name)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define GUARDED_BY(lock) __attribute__((guarded_by(lock)))
#define PT_GUARDED_BY(lock) __attribute__((pt_guarded_by(lock)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define EXCLUDES(...) __attribute__((locks_excluded(__VA_ARGS__)))
#define NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))
