#pragma once
// A Process: a handle table, an address space and the threads running in them.
//
// Life: created empty -> running once process_start starts its first thread -> ending when its
// last thread exits, or when it is killed (process_kill, a fault) -> ended: its handles are
// closed, its mappings removed, `terminated` is raised and process_wait reports the exit code.
// The Process object itself lives on while handles to it remain.

#include <abi/mica_abi.h>
#include <core/spinlock.h>
#include <lib/string_view.h>
#include <object/address_space_object.h>
#include <object/handle_table.h>
#include <object/user_thread.h>

namespace mica {

class Process final : public Object {
public:
    static constexpr size_t kNameLength = 32;

    static Result<RefPtr<Process>> create(StringView name);
    ~Process() override;

    HandleTable& handles() { return m_handles; }
    AddressSpaceObject& address_space() { return *m_address_space; }
    RefPtr<AddressSpaceObject> address_space_ref() { return m_address_space; }
    const char* name() const { return m_name; }

    // Adds a created thread; Error::BadState once the process is ending.
    Result<void> attach(UserThread& thread);
    // A thread that was attached ended (was_running) or was destroyed unstarted; the last
    // running one ends the process with `code` unless a kill set the code first.
    void detach(UserThread& thread, bool was_running, int64_t code);
    // Marks the thread as running; Error::BadState when the process is ending.
    Result<void> thread_started();
    bool has_started() const { return m_started.load(MemoryOrder::Acquire); }

    // Ends the process: every thread leaves at its next return to user mode, and blocked ones
    // are woken with Error::Interrupted. A process that never started ends at once.
    void kill(int64_t code);
    bool is_dying() const { return m_dying.load(MemoryOrder::Acquire); }
    bool has_ended() const { return (signals() & abi::signal_flags::kTerminated) != 0; }
    int64_t exit_code() const { return m_exit_code.load(MemoryOrder::Acquire); }

    // Processes that have not ended (system_info).
    static uint64_t live_count();

    // Handles naming this process or one of its threads, wherever they are (tables, messages in
    // flight). UserThread forwards its own handle events here.
    void handle_opened(abi::Rights) override { note_handle_opened(); }
    void handle_closed(abi::Rights) override { note_handle_closed(); }
    void note_handle_opened();
    void note_handle_closed();
    // process_grant moved a handle naming this process or one of its threads into this
    // process's own table. Before the process starts, such handles are a reference cycle that
    // no one outside can break: when they are all that is left, the process is killed (which
    // closes its table) instead of leaking.
    void note_granted_to_self();

    Process(StringView name, uint64_t seed);

private:
    void end();
    void end_if_unreachable();

    char m_name[kNameLength + 1] = {};
    HandleTable m_handles;
    RefPtr<AddressSpaceObject> m_address_space;

    SpinLock m_lock;
    sched::IntrusiveList<UserThread, UserThreadProcessLink> m_threads GUARDED_BY(m_lock);
    uint32_t m_running GUARDED_BY(m_lock) = 0; // started threads that have not exited
    bool m_ended GUARDED_BY(m_lock) = false;
    Atomic<bool> m_started{false};
    Atomic<bool> m_dying{false};
    Atomic<bool> m_code_set{false};
    Atomic<int64_t> m_exit_code{0};
    Atomic<uint32_t> m_handles_to_self{0};
    uint32_t m_granted_to_self GUARDED_BY(m_lock) = 0; // before the start only
};

} // namespace mica
