#pragma once
// One CPU's runnable threads: a FIFO per priority and a bitmap of the non-empty ones, so picking
// the next thread is a count-leading-zeros and a list pop, whatever the number of threads.
// Higher priority runs first; equal priorities take turns (round robin through the FIFO).
//
// `Access` gives the links and the priority: static ListLinks<T>& links(T&) and
// static unsigned priority(const T&), below kPriorityCount. Pure logic, host-tested; the
// caller's lock (CpuScheduler::lock) protects it.

#include <sched/list.h>

namespace mica::sched {

constexpr unsigned kPriorityCount = 32;

template <typename T, typename Access>
class RunQueue {
    static_assert(kPriorityCount <= 32, "the bitmap is one 32-bit word");

public:
    bool is_empty() const { return m_bitmap == 0; }
    size_t size() const { return m_size; }
    bool contains(T* item) const { return m_queues[Access::priority(*item)].contains(item); }

    // The highest priority with a runnable thread, or -1.
    int highest_priority() const { return m_bitmap ? 31 - __builtin_clz(m_bitmap) : -1; }

    // At the back of its priority: it runs after the others of its priority already waiting.
    void enqueue(T* item) {
        unsigned priority = Access::priority(*item);
        m_queues[priority].push_back(item);
        m_bitmap |= 1u << priority;
        ++m_size;
    }

    void remove(T* item) {
        unsigned priority = Access::priority(*item);
        m_queues[priority].remove(item);
        if (m_queues[priority].is_empty())
            m_bitmap &= ~(1u << priority);
        --m_size;
    }

    T* dequeue_highest() {
        int priority = highest_priority();
        if (priority < 0)
            return nullptr;
        T* item = m_queues[priority].front();
        remove(item);
        return item;
    }

    // The first thread, highest priority first, for which `accept` holds (work stealing skips
    // threads pinned elsewhere). Not removed.
    template <typename Predicate>
    T* find_highest(Predicate accept) const {
        for (uint32_t bits = m_bitmap; bits != 0;) {
            unsigned priority = 31 - __builtin_clz(bits);
            for (T* item = m_queues[priority].front(); item; item = List::next(item)) {
                if (accept(item))
                    return item;
            }
            bits &= ~(1u << priority);
        }
        return nullptr;
    }

private:
    using List = IntrusiveList<T, Access>;

    List m_queues[kPriorityCount];
    uint32_t m_bitmap = 0;
    size_t m_size = 0;
};

} // namespace mica::sched
