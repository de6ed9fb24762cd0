#pragma once
// An intrusive doubly linked list: the links live inside the element, so putting a thread on a
// run queue, a wait queue or a timer queue never allocates and never fails. An element may sit
// on several lists at once through different links; `Access` names which links a list uses:
//
//   struct ItemRunLink { static ListLinks<Item>& links(Item& item) { return item.run_link; } };
//   IntrusiveList<Item, ItemRunLink> queue;
//
// (A traits type rather than a member pointer, so a list can be declared before its element
// type is complete, as WaitQueue is inside Thread.) Pure logic, host-tested.

#include <lib/types.h>

namespace mica::sched {

template <typename T>
struct ListLinks {
    T* prev = nullptr;
    T* next = nullptr;
    // The list holding the element, so membership is an O(1) question (a wait that timed out
    // asks "am I still queued?").
    const void* list = nullptr;

    bool is_linked() const { return list != nullptr; }
};

template <typename T, typename Access>
class IntrusiveList {
public:
    constexpr IntrusiveList() = default;
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;

    bool is_empty() const { return m_head == nullptr; }
    size_t size() const { return m_size; }
    T* front() const { return m_head; }
    T* back() const { return m_tail; }
    static T* next(T* item) { return links(item).next; }
    bool contains(T* item) const { return links(item).list == this; }

    void push_back(T* item) { insert_before(nullptr, item); }
    void push_front(T* item) { insert_before(m_head, item); }

    // Inserts `item` before `position` (at the end when `position` is null).
    void insert_before(T* position, T* item) {
        ListLinks<T>& link = links(item);
        link.list = this;
        link.next = position;
        link.prev = position ? links(position).prev : m_tail;
        if (link.prev)
            links(link.prev).next = item;
        else
            m_head = item;
        if (position)
            links(position).prev = item;
        else
            m_tail = item;
        ++m_size;
    }

    void remove(T* item) {
        ListLinks<T>& link = links(item);
        if (link.prev)
            links(link.prev).next = link.next;
        else
            m_head = link.next;
        if (link.next)
            links(link.next).prev = link.prev;
        else
            m_tail = link.prev;
        link = {};
        --m_size;
    }

    T* pop_front() {
        T* item = m_head;
        if (item)
            remove(item);
        return item;
    }

private:
    static ListLinks<T>& links(T* item) { return Access::links(*item); }

    T* m_head = nullptr;
    T* m_tail = nullptr;
    size_t m_size = 0;
};

} // namespace mica::sched
