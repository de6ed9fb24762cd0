#include <core/panic.h>
#include <object/object.h>

namespace mica {

void Object::raise_signals(uint64_t bits) {
    uint64_t before = m_signals.fetch_or(bits, MemoryOrder::AcquireRelease);
    if ((before | bits) != before)
        wake_matching_observers();
}

void Object::clear_signals(uint64_t bits) {
    m_signals.fetch_and(~bits, MemoryOrder::AcquireRelease);
}

bool Object::add_observer(SignalObserver& observer) {
    SpinLockGuard guard(m_observer_lock);
    m_observers.push_back(&observer);
    // Checked after queueing, under the lock raise_signals() wakes under: no raise is missed.
    if (signals() & observer.wanted) {
        observer.triggered.store(true, MemoryOrder::Release);
        return true;
    }
    return false;
}

void Object::remove_observer(SignalObserver& observer) {
    SpinLockGuard guard(m_observer_lock);
    if (m_observers.contains(&observer))
        m_observers.remove(&observer);
}

void Object::wake_matching_observers() {
    SpinLockGuard guard(m_observer_lock);
    uint64_t now = signals();
    for (SignalObserver* observer = m_observers.front(); observer;
         observer = m_observers.next(observer)) {
        if ((now & observer->wanted) && !observer->triggered.load(MemoryOrder::Relaxed)) {
            observer->triggered.store(true, MemoryOrder::Release);
            observer->queue->wake_all();
        }
    }
}

} // namespace mica

// Objects are freed with heap::destroy(), never with delete; the virtual destructor still makes
// the compiler emit a deleting variant that names these.
void operator delete(void*) noexcept { mica::panic("delete called: use heap::destroy()"); }
void operator delete(void*, unsigned long) noexcept {
    mica::panic("delete called: use heap::destroy()");
}
