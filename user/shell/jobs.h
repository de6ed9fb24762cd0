#pragma once
// The programs this shell started and has not forgotten yet. The kernel cannot list processes
// (system_info gives only their number), so `ps` and `kill` work on these: each has a small
// job number, its name and its process handle (manage, wait).

#include <lib/string_view.h>
#include <mica/handle.h>

namespace mica::shell {

class Jobs {
public:
    static constexpr size_t kMaxJobs = 8;
    static constexpr size_t kNameBytes = 32;

    struct Job {
        uint32_t number = 0; // 0: free slot
        char name[kNameBytes] = {};
        OwnedHandle process;
        bool ended = false;
        int64_t exit_code = 0;

        StringView name_view() const;
    };

    // Takes `process`; nullptr when every slot holds a running job.
    Job* add(StringView name, OwnedHandle process);
    Job* find(uint32_t number);
    // Notes which jobs have ended (process_wait with deadline_now), for ps.
    void refresh();
    // Forgets ended jobs that were reported, keeping slots free.
    void forget(Job& job);

    Job* begin() { return m_jobs; }
    Job* end() { return m_jobs + kMaxJobs; }

private:
    Job m_jobs[kMaxJobs];
    uint32_t m_next_number = 1;
};

} // namespace mica::shell
