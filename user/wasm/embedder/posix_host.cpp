#include "posix_host.h"

#include <cerrno>
#include <ctime>
#include <sched.h>
#include <sys/random.h>
#include <unistd.h>

namespace mica::wasm::embedder {

using wasi::Errno;

Errno errno_from_posix(int error) {
    switch (error) {
    case E2BIG: return Errno::TooBig;
    case EACCES: return Errno::Access;
    case EBADF: return Errno::BadFd;
    case EBUSY: return Errno::Busy;
    case EEXIST: return Errno::Exist;
    case EFAULT: return Errno::Fault;
    case EFBIG: return Errno::FileTooBig;
    case EINVAL: return Errno::Invalid;
    case EISDIR: return Errno::IsDirectory;
    case ELOOP: return Errno::Loop;
    case EMFILE: return Errno::TooManyFiles;
    case ENAMETOOLONG: return Errno::NameTooLong;
    case ENOENT: return Errno::NoEntry;
    case ENOMEM: return Errno::NoMemory;
    case ENOSPC: return Errno::NoSpace;
    case ENOSYS: return Errno::NoSys;
    case ENOTDIR: return Errno::NotDirectory;
    case ENOTEMPTY: return Errno::NotEmpty;
    case ENOTSUP: return Errno::NotSupported;
    case EOVERFLOW: return Errno::Overflow;
    case EPERM: return Errno::Permission;
    case EROFS: return Errno::ReadOnlyFs;
    case ESPIPE: return Errno::SeekPipe;
    case EXDEV: return Errno::CrossDevice;
    default: return Errno::Io;
    }
}

namespace {

int stream_fd(wasi::Stream stream) { return int(stream); }

bool clock_of(wasi::ClockId clock, clockid_t& id) {
    switch (clock) {
    case wasi::ClockId::Realtime: id = CLOCK_REALTIME; return true;
    case wasi::ClockId::Monotonic: id = CLOCK_MONOTONIC; return true;
    case wasi::ClockId::ProcessCpuTime: id = CLOCK_PROCESS_CPUTIME_ID; return true;
    case wasi::ClockId::ThreadCpuTime: id = CLOCK_THREAD_CPUTIME_ID; return true;
    }
    return false;
}

} // namespace

Errno PosixHost::write(wasi::Stream stream, Span<const uint8_t> bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t written = ::write(stream_fd(stream), bytes.data() + done, bytes.size() - done);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return written < 0 ? errno_from_posix(errno) : Errno::Io;
        done += size_t(written);
    }
    return Errno::Success;
}

Errno PosixHost::read(wasi::Stream stream, Span<uint8_t> bytes, size_t& read) {
    for (;;) {
        ssize_t got = ::read(stream_fd(stream), bytes.data(), bytes.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return errno_from_posix(errno);
        read = size_t(got);
        return Errno::Success;
    }
}

Errno PosixHost::clock_now(wasi::ClockId clock, uint64_t& nanoseconds) {
    clockid_t id;
    timespec now;
    if (!clock_of(clock, id) || clock_gettime(id, &now) != 0)
        return Errno::Invalid;
    nanoseconds = uint64_t(now.tv_sec) * 1'000'000'000 + uint64_t(now.tv_nsec);
    return Errno::Success;
}

Errno PosixHost::clock_resolution(wasi::ClockId clock, uint64_t& nanoseconds) {
    clockid_t id;
    timespec resolution;
    if (!clock_of(clock, id) || clock_getres(id, &resolution) != 0)
        return Errno::Invalid;
    nanoseconds = uint64_t(resolution.tv_sec) * 1'000'000'000 + uint64_t(resolution.tv_nsec);
    return Errno::Success;
}

void PosixHost::sleep_until(uint64_t monotonic_deadline) {
    timespec deadline{time_t(monotonic_deadline / 1'000'000'000),
                      long(monotonic_deadline % 1'000'000'000)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) == EINTR) {
    }
}

Errno PosixHost::random(Span<uint8_t> bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t got = getrandom(bytes.data() + done, bytes.size() - done, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return errno_from_posix(errno);
        done += size_t(got);
    }
    return Errno::Success;
}

void PosixHost::yield() { sched_yield(); }

} // namespace mica::wasm::embedder
