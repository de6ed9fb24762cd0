#pragma once
// One CPU's pending deadlines, kept sorted so the earliest is at the front: that one is what the
// CPU's one-shot timer is armed for, and expiring is popping from the front. Insertion is a
// linear walk; a CPU holds one entry per thread sleeping or waiting with a timeout there, few
// enough that a heap would not pay for itself. Equal deadlines expire in insertion order.
//
// `Access` gives static ListLinks<T>& links(T&) and static uint64_t deadline(const T&). Pure
// logic, host-tested; the caller's lock (CpuScheduler::lock) protects it.

#include <sched/list.h>
#include <sched/thread_types.h>

namespace mica::sched {

template <typename T, typename Access>
class TimerQueue {
public:
    bool is_empty() const { return m_list.is_empty(); }
    size_t size() const { return m_list.size(); }
    bool contains(T* item) const { return m_list.contains(item); }

    uint64_t next_deadline() const {
        T* first = m_list.front();
        return first ? Access::deadline(*first) : kNoDeadline;
    }

    void insert(T* item) {
        uint64_t deadline = Access::deadline(*item);
        // From the back: most new deadlines (the same timeout from "now") are the latest.
        T* after = m_list.back();
        while (after && Access::deadline(*after) > deadline)
            after = previous(after);
        m_list.insert_before(after ? List::next(after) : m_list.front(), item);
    }

    void remove(T* item) { m_list.remove(item); }

    // The earliest entry if its deadline is at or before `now`, removed; else null.
    T* pop_expired(uint64_t now) {
        T* first = m_list.front();
        if (!first || Access::deadline(*first) > now)
            return nullptr;
        m_list.remove(first);
        return first;
    }

private:
    using List = IntrusiveList<T, Access>;
    static T* previous(T* item) { return Access::links(*item).prev; }

    List m_list;
};

} // namespace mica::sched
