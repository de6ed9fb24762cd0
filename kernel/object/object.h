#pragma once
// The base of every kernel object a handle can name: its ABI type, its reference count, and its
// signals (abi::signal_flags such as kTerminated or kPending) that object_wait watches.
//
// Waiting: a thread registers a SignalObserver (on its own stack) with the signals it wants and
// blocks on a wait queue (a user thread on its own: UserThread::block_until). Whoever raises a
// signal marks every matching observer and wakes its queue. The observer list has its own spinlock,
// taken last in the lock order (object/README.md), so raising a signal is allowed anywhere.

#include <abi/mica_abi.h>
#include <core/spinlock.h>
#include <object/ref_ptr.h>
#include <sched/list.h>
#include <sched/wait_queue.h>

namespace mica {

struct SignalObserver {
    sched::WaitQueue* queue = nullptr;
    uint64_t wanted = 0;
    Atomic<bool> triggered{false};
    sched::ListLinks<SignalObserver> link;
};

struct SignalObserverLink {
    static sched::ListLinks<SignalObserver>& links(SignalObserver& observer) {
        return observer.link;
    }
};

class Object : public RefCounted {
public:
    virtual ~Object() = default;

    abi::ObjectType type() const { return m_type; }

    uint64_t signals() const { return m_signals.load(MemoryOrder::Acquire); }
    // Sets / clears signal bits and wakes the observers that wanted a now-raised bit.
    void raise_signals(uint64_t bits);
    void clear_signals(uint64_t bits);

    // Registers `observer` and reports whether a wanted signal is already raised (the observer
    // is triggered then too). The caller must remove_observer() before the observer dies.
    bool add_observer(SignalObserver& observer);
    void remove_observer(SignalObserver& observer);

    // A handle with `rights` to this object was created or closed (handle_table.cpp). Endpoints
    // count their receivers this way.
    virtual void handle_opened(abi::Rights) {}
    virtual void handle_closed(abi::Rights) {}

protected:
    explicit Object(abi::ObjectType type) : m_type(type) {}

private:
    void wake_matching_observers();

    const abi::ObjectType m_type;
    Atomic<uint64_t> m_signals{0};
    SpinLock m_observer_lock;
    sched::IntrusiveList<SignalObserver, SignalObserverLink>
        m_observers GUARDED_BY(m_observer_lock);
};

// A RefPtr<Object> narrowed to a concrete type, once the type was checked.
template <typename T>
RefPtr<T> downcast(RefPtr<Object> object) {
    return RefPtr<T>::adopt(static_cast<T*>(object.leak()));
}

// A SignalObserver registered on `object` for as long as this lives: the shape of every wait on
// signals (object_wait, process_wait, notification_wait, the kernel waiting for init).
class ScopedSignalObserver {
public:
    ScopedSignalObserver(Object& object, sched::WaitQueue& queue, uint64_t wanted)
        : m_object(object) {
        m_observer.queue = &queue;
        m_observer.wanted = wanted;
        object.add_observer(m_observer);
    }
    ~ScopedSignalObserver() { m_object.remove_observer(m_observer); }
    ScopedSignalObserver(const ScopedSignalObserver&) = delete;
    ScopedSignalObserver& operator=(const ScopedSignalObserver&) = delete;

    // A wanted signal was raised since registration or the last rearm(). Takes no lock, so it
    // can be a wait condition.
    bool triggered() const { return m_observer.triggered.load(MemoryOrder::Acquire); }

    // Waits for the next raise; a wanted signal that is still up counts at once, so a raise
    // between the caller consuming the last one and this call is not lost.
    void rearm() {
        m_observer.triggered.store(false, MemoryOrder::Release);
        if (m_object.signals() & m_observer.wanted)
            m_observer.triggered.store(true, MemoryOrder::Release);
    }

private:
    Object& m_object;
    SignalObserver m_observer;
};

} // namespace mica
