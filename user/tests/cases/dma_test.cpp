// dma_memory_create: contiguous, zeroed, aligned memory objects for devices. The suite gets a
// manage resource for this under StartupRole::DmaResource (init's test mode grants it); its
// RootResource (read only) must be refused.

#include <framework/test.h>
#include <mica/startup.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

constexpr uint64_t kPage = 4096;

abi::Handle dma_resource() { return startup_handle(abi::StartupRole::DmaResource); }

struct Dma {
    OwnedHandle memory;
    uint64_t physical = 0;
};

Dma make_dma(uint64_t size) {
    abi::Handle raw = kInvalidHandle;
    uint64_t physical = 0;
    if (sys::dma_memory_create(dma_resource(), size, 0, &raw, &physical) != Status::Ok)
        return {};
    return {OwnedHandle(raw), physical};
}

} // namespace

TEST(dma_needs_a_resource_with_manage) {
    abi::Handle raw = kInvalidHandle;
    uint64_t physical = 0;
    EXPECT_EQ(sys::dma_memory_create(root_resource(), kPage, 0, &raw, &physical),
              Status::AccessDenied);
    OwnedHandle memory = make_memory(kPage);
    EXPECT_EQ(sys::dma_memory_create(memory.get(), kPage, 0, &raw, &physical), Status::WrongType);
    ASSERT_TRUE(dma_resource() != kInvalidHandle);
    OwnedHandle no_manage = duplicate(dma_resource(), Rights::Duplicate);
    EXPECT_EQ(sys::dma_memory_create(no_manage.get(), kPage, 0, &raw, &physical),
              Status::AccessDenied);
}

TEST(dma_refuses_bad_sizes_and_options) {
    abi::Handle raw = kInvalidHandle;
    uint64_t physical = 0;
    EXPECT_EQ(sys::dma_memory_create(dma_resource(), 0, 0, &raw, &physical),
              Status::InvalidArgument);
    EXPECT_EQ(sys::dma_memory_create(dma_resource(), abi::kDmaMaxSize + 1, 0, &raw, &physical),
              Status::OutOfRange);
    EXPECT_EQ(sys::dma_memory_create(dma_resource(), ~0ull, 0, &raw, &physical),
              Status::OutOfRange);
    EXPECT_EQ(sys::dma_memory_create(dma_resource(), kPage, 1, &raw, &physical),
              Status::InvalidArgument);
}

TEST(dma_memory_is_aligned_to_its_power_of_two_size) {
    constexpr uint64_t kPageCounts[] = {1, 2, 3, 8, 16};
    for (uint64_t pages : kPageCounts) {
        Dma dma = make_dma(pages * kPage);
        ASSERT_TRUE(dma.memory);
        uint64_t block = kPage;
        while (block < pages * kPage)
            block *= 2;
        EXPECT_EQ(dma.physical % block, 0u);
        EXPECT_TRUE(dma.physical != 0);
    }
    Dma largest = make_dma(abi::kDmaMaxSize);
    ASSERT_TRUE(largest.memory);
    EXPECT_EQ(largest.physical % abi::kDmaMaxSize, 0u);
}

TEST(dma_memory_is_zeroed_maps_and_cannot_resize) {
    // Dirty some frames and give them back, so a fresh object likely reuses them.
    {
        Dma dirty = make_dma(4 * kPage);
        ASSERT_TRUE(dirty.memory);
        Mapping mapping = Mapping::map(dirty.memory.get(), 4 * kPage);
        ASSERT_TRUE(mapping);
        for (uint64_t i = 0; i < 4 * kPage / 8; ++i)
            mapping.as<volatile uint64_t>()[i] = ~0ull;
    }
    Dma dma = make_dma(4 * kPage);
    ASSERT_TRUE(dma.memory);
    Mapping mapping = Mapping::map(dma.memory.get(), 4 * kPage);
    ASSERT_TRUE(mapping);
    bool all_zero = true;
    for (uint64_t i = 0; i < 4 * kPage / 8; ++i)
        all_zero = all_zero && mapping.as<volatile uint64_t>()[i] == 0;
    EXPECT_TRUE(all_zero);
    // Writes through the mapping are what memory_object_read sees: one object, not a copy.
    mapping.as<volatile uint64_t>()[kPage / 8] = 0x1234'5678'9abc'def0ull;
    uint64_t back = 0;
    ASSERT_OK(sys::memory_object_read(dma.memory.get(), kPage, &back, sizeof back));
    EXPECT_EQ(back, 0x1234'5678'9abc'def0ull);
    // A device holds its physical address: the object must neither move nor shrink.
    EXPECT_EQ(sys::memory_object_resize(dma.memory.get(), 8 * kPage), Status::BadState);
    EXPECT_EQ(sys::memory_object_resize(dma.memory.get(), kPage), Status::BadState);
}

TEST(dma_memory_returns_its_frames) {
    uint64_t before = 0, after = 0;
    ASSERT_OK(sys::system_info(root_resource(), abi::kInfoFreeFrames, &before));
    for (int round = 0; round < 8; ++round) {
        Dma dma = make_dma(64 * kPage);
        ASSERT_TRUE(dma.memory);
    }
    ASSERT_OK(sys::system_info(root_resource(), abi::kInfoFreeFrames, &after));
    // Other tests do not run at the same time; the kernel heap may keep a little.
    EXPECT_TRUE(after + 16 >= before);
}
