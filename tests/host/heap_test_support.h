#pragma once
// Shared by the slab and heap tests: a PageSource that counts what is outstanding and can be told
// to run dry, and a fixture that records heap faults instead of trapping.

#include <cstdlib>
#include <gtest/gtest.h>
#include <lib/align.h>
#include <map>
#include <vector>
#include <vm/heap_fault.h>
#include <vm/page_source.h>

namespace mica::test {

class TestPageSource final : public PageSource {
public:
    ~TestPageSource() {
        for (auto& [pages, count] : m_outstanding)
            std::free(pages);
    }

    Result<void*> allocate_pages(size_t count) override {
        EXPECT_GT(count, 0u);
        // Nothing a test needs comes near 1 GiB; larger requests stand for "more than exists".
        if (count > kMaxPages || count > m_limit - m_pages) {
            ++m_refusals;
            return Error::NoMemory;
        }
        // Power-of-two runs naturally aligned, as the PageSource contract promises.
        size_t alignment = is_power_of_two(count) ? count * kPageSize : kPageSize;
        void* pages = std::aligned_alloc(alignment, count * kPageSize);
        if (!pages)
            return Error::NoMemory;
        m_outstanding[pages] = count;
        m_pages += count;
        return pages;
    }

    void free_pages(void* pages, size_t count) override {
        auto it = m_outstanding.find(pages);
        ASSERT_NE(it, m_outstanding.end()) << "free_pages of a run never handed out";
        EXPECT_EQ(it->second, count) << "free_pages with the wrong count";
        m_outstanding.erase(it);
        m_pages -= count;
        std::free(pages);
    }

    size_t outstanding_pages() const { return m_pages; }
    size_t outstanding_runs() const { return m_outstanding.size(); }
    size_t refusals() const { return m_refusals; }
    // Further allocations fail once `pages` are outstanding.
    void set_limit(size_t pages) { m_limit = pages; }

private:
    static constexpr size_t kMaxPages = size_t(1) << 18;

    std::map<void*, size_t> m_outstanding;
    size_t m_pages = 0;
    size_t m_limit = ~size_t{0};
    size_t m_refusals = 0;
};

inline std::vector<HeapFaultReport>& recorded_faults() {
    static std::vector<HeapFaultReport> faults;
    return faults;
}

class HeapFaultTest : public ::testing::Test {
protected:
    void SetUp() override {
        recorded_faults().clear();
        m_previous = set_heap_fault_handler(
            [](const HeapFaultReport& report) { recorded_faults().push_back(report); });
    }
    void TearDown() override { set_heap_fault_handler(m_previous); }

    static const std::vector<HeapFaultReport>& faults() { return recorded_faults(); }
    // Checks that exactly one fault of `kind` about `pointer` was reported since the last call.
    static void expect_one_fault(HeapFault kind, const void* pointer) {
        ASSERT_EQ(recorded_faults().size(), 1u);
        EXPECT_EQ(recorded_faults()[0].fault, kind) << heap_fault_name(recorded_faults()[0].fault);
        EXPECT_EQ(recorded_faults()[0].pointer, pointer);
        recorded_faults().clear();
    }

    TestPageSource source;

private:
    HeapFaultHandler m_previous = nullptr;
};

// A deterministic byte pattern for object `id`, so a check notices any overlap between objects.
inline uint8_t pattern_byte(size_t id, size_t offset) { return uint8_t(id * 131 + offset * 7 + 1); }

inline void fill(void* memory, size_t size, size_t id) {
    auto* bytes = static_cast<uint8_t*>(memory);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = pattern_byte(id, i);
}

inline bool intact(const void* memory, size_t size, size_t id) {
    const auto* bytes = static_cast<const uint8_t*>(memory);
    for (size_t i = 0; i < size; ++i) {
        if (bytes[i] != pattern_byte(id, i))
            return false;
    }
    return true;
}

} // namespace mica::test
