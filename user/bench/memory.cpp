// The page row. Mica maps eagerly (a mapping's pages are present when address_space_map
// returns), so there is no demand fault to time: the row is what it takes to get one fresh page
// of memory usable, memory_object_create(4 KiB) + address_space_map + the first write to it. The
// unmap and close that follow are not timed.

#include <support.h>

namespace mica::bench {

namespace {

constexpr uint64_t kPages = 1'000;
constexpr uint64_t kPageSize = 4096;

SysResult<uint64_t> one_page() {
    uint64_t start = now();
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::memory_object_create(kPageSize, 0, &raw), "memory_object_create"));
    uint64_t address = 0;
    abi::Status mapped =
        sys::address_space_map(self_address_space(), raw, 0, kPageSize, 0,
                               abi::map_flags::kRead | abi::map_flags::kWrite, &address);
    if (mapped == abi::Status::Ok)
        *reinterpret_cast<volatile uint64_t*>(address) = 1;
    uint64_t elapsed = now() - start;
    (void)sys::handle_close(raw);
    TRY(check(mapped, "address_space_map"));
    TRY(check(sys::address_space_unmap(self_address_space(), address, kPageSize),
              "address_space_unmap"));
    return elapsed;
}

} // namespace

void page_map_row() {
    // The clock reads around each page are part of `elapsed`: measured the same way with nothing
    // between them, and taken off.
    uint64_t start = now();
    for (uint64_t i = 0; i < kPages; ++i)
        (void)now();
    uint64_t clock_cost = (now() - start) / kPages;

    for (uint64_t i = 0; i < 10; ++i) {
        if (auto page = one_page(); page.is_error())
            return report_error("page_map", page.error());
    }
    uint64_t total = 0;
    mica_bench_window_open(); // the profile's window also holds the untimed unmap and close
    for (uint64_t i = 0; i < kPages; ++i) {
        auto page = one_page();
        if (page.is_error())
            return report_error("page_map", page.error());
        total += page.value() > clock_cost ? page.value() - clock_cost : 0;
    }
    mica_bench_window_close();
    report("page_map", total, kPages);
}

} // namespace mica::bench
