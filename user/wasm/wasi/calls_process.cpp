// Arguments, environment, clocks, randomness, scheduling, exit and poll_oneoff.

#include <wasm/wasi/calls.h>

namespace mica::wasm::wasi::calls {

namespace {

// argv/environ: an array of pointers at `pointers`, the NUL-terminated strings at `buffer`.
Errno store_strings(GuestMemory& memory, Span<const StringView> strings, uint32_t pointers,
                    uint32_t buffer) {
    uint64_t total = 0;
    for (StringView string : strings)
        total += string.length() + 1;
    if (!memory.contains(pointers, uint64_t(strings.size()) * 4) || !memory.contains(buffer, total))
        return Errno::Fault;
    uint64_t at = buffer;
    for (size_t i = 0; i < strings.size(); ++i) {
        memory.store_u32(pointers + 4 * i, uint32_t(at));
        for (char c : strings[i])
            memory.store_u8(at++, uint8_t(c));
        memory.store_u8(at++, 0);
    }
    return Errno::Success;
}

Errno store_sizes(GuestMemory& memory, Span<const StringView> strings, uint32_t count_at,
                  uint32_t size_at) {
    uint64_t total = 0;
    for (StringView string : strings)
        total += string.length() + 1;
    if (total > UINT32_MAX)
        return Errno::Overflow;
    if (!memory.contains(count_at, 4) || !memory.contains(size_at, 4))
        return Errno::Fault;
    memory.store_u32(count_at, uint32_t(strings.size()));
    memory.store_u32(size_at, uint32_t(total));
    return Errno::Success;
}

} // namespace

Errno args_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    return store_strings(memory, wasi.config().arguments, args[0].u32, args[1].u32);
}

Errno args_sizes_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    return store_sizes(memory, wasi.config().arguments, args[0].u32, args[1].u32);
}

Errno environ_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    return store_strings(memory, wasi.config().environment, args[0].u32, args[1].u32);
}

Errno environ_sizes_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    return store_sizes(memory, wasi.config().environment, args[0].u32, args[1].u32);
}

Errno clock_res_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    uint64_t resolution = 0;
    Errno result = wasi.host().clock_resolution(ClockId(args[0].u32), resolution);
    if (result != Errno::Success)
        return result;
    if (!memory.contains(args[1].u32, 8))
        return Errno::Fault;
    memory.store_u64(args[1].u32, resolution);
    return Errno::Success;
}

// The precision argument is a hint; the host's clock is as precise as it is.
Errno clock_time_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    uint64_t now = 0;
    Errno result = wasi.host().clock_now(ClockId(args[0].u32), now);
    if (result != Errno::Success)
        return result;
    if (!memory.contains(args[2].u32, 8))
        return Errno::Fault;
    memory.store_u64(args[2].u32, now);
    return Errno::Success;
}

Errno random_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    if (!memory.contains(args[0].u32, args[1].u32))
        return Errno::Fault;
    return wasi.host().random(memory.bytes(args[0].u32, args[1].u32));
}

Errno sched_yield(Wasi& wasi, GuestMemory&, Span<Value>) {
    wasi.host().yield();
    return Errno::Success;
}

Errno proc_exit(Wasi& wasi, GuestMemory&, Span<Value> args) {
    wasi.exit(args[0].u32);
    return Errno::Success;
}

// A clock subscription's deadline on the monotonic clock; relative timeouts count from `now`.
static Errno clock_deadline(Wasi& wasi, GuestMemory& memory, uint64_t at, uint64_t now,
                            uint64_t& deadline) {
    auto id = ClockId(memory.load_u32(at + 16));
    uint64_t timeout = memory.load_u64(at + 24);
    bool absolute = memory.load_u16(at + 40) & kSubscriptionClockAbsolute;
    if (id != ClockId::Monotonic && id != ClockId::Realtime)
        return Errno::Invalid;
    uint64_t clock_now = 0;
    Errno result = wasi.host().clock_now(id, clock_now);
    if (result != Errno::Success)
        return result;
    if (absolute)
        deadline = timeout <= clock_now ? now : now + (timeout - clock_now);
    else
        deadline = now + timeout < now ? UINT64_MAX : now + timeout;
    return Errno::Success;
}

// Clock subscriptions wait; descriptor subscriptions are reported ready at once (streams and
// files never block here, as POSIX poll() says of regular files). When any descriptor is ready
// or a subscription is in error nothing waits; otherwise the call sleeps until the earliest
// clock and reports every clock that has expired by then.
Errno poll_oneoff(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    uint32_t in = args[0].u32, out = args[1].u32, count = args[2].u32, events_at = args[3].u32;
    if (count == 0)
        return Errno::Invalid;
    if (!memory.contains(in, uint64_t(count) * layout::kSubscriptionSize) ||
        !memory.contains(out, uint64_t(count) * layout::kEventSize) ||
        !memory.contains(events_at, 4))
        return Errno::Fault;
    // Relative timeouts count from the start of the call, in both passes.
    uint64_t start = 0;
    Errno clock = wasi.host().clock_now(ClockId::Monotonic, start);
    if (clock != Errno::Success)
        return clock;
    uint64_t now = start;

    bool immediate = false;
    uint64_t earliest = UINT64_MAX;
    for (uint32_t i = 0; i < count; ++i) {
        uint64_t at = in + uint64_t(i) * layout::kSubscriptionSize;
        uint64_t deadline = 0;
        if (EventType(memory.load_u8(at + 8)) != EventType::Clock ||
            clock_deadline(wasi, memory, at, start, deadline) != Errno::Success)
            immediate = true;
        else if (deadline < earliest)
            earliest = deadline;
    }
    if (!immediate && earliest > now) {
        wasi.host().sleep_until(earliest);
        (void)wasi.host().clock_now(ClockId::Monotonic, now);
    }

    uint32_t events = 0;
    for (uint32_t i = 0; i < count; ++i) {
        uint64_t at = in + uint64_t(i) * layout::kSubscriptionSize;
        auto type = EventType(memory.load_u8(at + 8));
        Errno error = Errno::Success;
        if (type == EventType::Clock) {
            uint64_t deadline = 0;
            error = clock_deadline(wasi, memory, at, start, deadline);
            if (error == Errno::Success && deadline > now)
                continue; // not expired (a descriptor or an earlier clock ended the wait)
        } else if (type == EventType::FdRead || type == EventType::FdWrite) {
            if (!wasi.descriptors().get(memory.load_u32(at + 16)))
                error = Errno::BadFd;
        } else {
            error = Errno::Invalid;
        }
        uint64_t event = out + uint64_t(events) * layout::kEventSize;
        memory.fill_zero(event, layout::kEventSize);
        memory.store_u64(event, memory.load_u64(at));
        memory.store_u16(event + 8, uint16_t(error));
        memory.store_u8(event + 10, uint8_t(type));
        ++events;
    }
    memory.store_u32(events_at, events);
    return Errno::Success;
}

} // namespace mica::wasm::wasi::calls
