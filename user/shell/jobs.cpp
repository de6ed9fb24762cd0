#include "jobs.h"

#include <abi/user_syscalls.h>

namespace mica::shell {

StringView Jobs::Job::name_view() const {
    size_t length = 0;
    while (length < kNameBytes && name[length])
        ++length;
    return StringView(name, length);
}

Jobs::Job* Jobs::add(StringView name, OwnedHandle process) {
    refresh();
    Job* slot = nullptr;
    for (Job& job : m_jobs) {
        if (job.number == 0) {
            slot = &job;
            break;
        }
    }
    // Full: the oldest ended job makes room; running ones never do.
    for (Job& job : m_jobs) {
        if (!slot && job.ended)
            slot = &job;
    }
    if (!slot)
        return nullptr;
    *slot = Job{};
    slot->number = m_next_number++;
    size_t length = name.length() < kNameBytes - 1 ? name.length() : kNameBytes - 1;
    for (size_t i = 0; i < length; ++i)
        slot->name[i] = name[i];
    slot->process = move(process);
    return slot;
}

Jobs::Job* Jobs::find(uint32_t number) {
    for (Job& job : m_jobs) {
        if (number != 0 && job.number == number)
            return &job;
    }
    return nullptr;
}

void Jobs::refresh() {
    for (Job& job : m_jobs) {
        if (job.number == 0 || job.ended)
            continue;
        int64_t code = 0;
        if (sys::process_wait(job.process.get(), abi::kDeadlineNow, &code) == abi::Status::Ok) {
            job.ended = true;
            job.exit_code = code;
        }
    }
}

void Jobs::forget(Job& job) { job = Job{}; }

} // namespace mica::shell
