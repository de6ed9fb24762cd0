// Memory objects and address spaces: zero fill, reads and writes with their bounds, resizing,
// the map flags and their checks, placement, unmap and protect. Whether an address is mapped
// (and writable) is probed with a syscall that copies to it: the kernel answers bad_address where
// a load or store by this process would have killed it.

#include <framework/test.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kRead = abi::map_flags::kRead;
constexpr uint64_t kWrite = abi::map_flags::kWrite;
constexpr uint64_t kExecute = abi::map_flags::kExecute;
constexpr uint64_t kFixed = abi::map_flags::kFixed;

// Whether the kernel can write 8 bytes at `address` of this process (memory_object_read into it).
Status probe_write(uint64_t address) {
    static OwnedHandle source = make_memory(kPage);
    return sys::memory_object_read(source.get(), 0, reinterpret_cast<void*>(address), 8);
}

// Whether the kernel can read 8 bytes at `address` (memory_object_write from it).
Status probe_read(uint64_t address) {
    static OwnedHandle sink = make_memory(kPage);
    return sys::memory_object_write(sink.get(), 0, reinterpret_cast<const void*>(address), 8);
}

} // namespace

TEST(memory_object_is_zero_filled) {
    OwnedHandle memory = make_memory(3 * kPage);
    ASSERT_TRUE(memory);
    uint64_t words[64];
    bool all_zero = true;
    for (uint64_t offset = 0; offset < 3 * kPage; offset += sizeof words) {
        for (uint64_t& word : words)
            word = ~0ull;
        ASSERT_OK(sys::memory_object_read(memory.get(), offset, words, sizeof words));
        for (uint64_t word : words)
            all_zero = all_zero && word == 0;
    }
    EXPECT_TRUE(all_zero);
    Mapping mapping = Mapping::map(memory.get(), 3 * kPage, kRead);
    ASSERT_TRUE(mapping);
    EXPECT_EQ(mapping.as<volatile uint64_t>()[(2 * kPage + 8) / 8], 0u);
}

TEST(memory_object_write_then_read_across_pages) {
    OwnedHandle memory = make_memory(2 * kPage);
    ASSERT_TRUE(memory);
    uint8_t data[300];
    for (size_t i = 0; i < sizeof data; ++i)
        data[i] = uint8_t(i * 7 + 1);
    uint64_t offset = kPage - 100; // straddles the page boundary
    ASSERT_OK(sys::memory_object_write(memory.get(), offset, data, sizeof data));
    uint8_t back[300] = {};
    ASSERT_OK(sys::memory_object_read(memory.get(), offset, back, sizeof back));
    bool same = true;
    for (size_t i = 0; i < sizeof data; ++i)
        same = same && back[i] == data[i];
    EXPECT_TRUE(same);
}

TEST(memory_object_read_and_write_bounds_are_out_of_range) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    uint8_t buffer[16] = {};
    EXPECT_OK(sys::memory_object_read(memory.get(), kPage - 16, buffer, 16));
    EXPECT_EQ(sys::memory_object_read(memory.get(), kPage - 15, buffer, 16), Status::OutOfRange);
    EXPECT_EQ(sys::memory_object_read(memory.get(), kPage, buffer, 1), Status::OutOfRange);
    EXPECT_EQ(sys::memory_object_write(memory.get(), kPage - 8, buffer, 16), Status::OutOfRange);
    // Offsets near 2^64 must not wrap around into the object.
    EXPECT_EQ(sys::memory_object_read(memory.get(), ~0ull - 7, buffer, 16), Status::OutOfRange);
    EXPECT_EQ(sys::memory_object_write(memory.get(), ~0ull, buffer, 2), Status::OutOfRange);
    // A size that makes offset + size wrap.
    EXPECT_NE(sys::memory_object_read(memory.get(), 8, buffer, ~0ull - 4), Status::Ok);
    // Zero bytes at the very end is fine.
    EXPECT_OK(sys::memory_object_read(memory.get(), kPage, buffer, 0));
}

TEST(memory_object_create_checks_size_and_options) {
    abi::Handle raw = kInvalidHandle;
    EXPECT_EQ(sys::memory_object_create(kPage, 1, &raw), Status::InvalidArgument);
    // The kernel caps one object at 1 GiB (kernel/object/memory_object.h).
    EXPECT_EQ(sys::memory_object_create((1ull << 30) + kPage, 0, &raw), Status::OutOfRange);
    EXPECT_EQ(sys::memory_object_create(~0ull, 0, &raw), Status::OutOfRange);
    // Sizes round up to pages.
    ASSERT_OK(sys::memory_object_create(1, 0, &raw));
    OwnedHandle memory(raw);
    uint8_t byte = 0;
    EXPECT_OK(sys::memory_object_read(memory.get(), kPage - 1, &byte, 1));
    EXPECT_EQ(sys::memory_object_read(memory.get(), kPage, &byte, 1), Status::OutOfRange);
}

TEST(memory_object_resize_grows_with_zeros_and_shrinks) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    uint64_t value = 0x1122334455667788;
    ASSERT_OK(sys::memory_object_write(memory.get(), 0, &value, 8));
    ASSERT_OK(sys::memory_object_resize(memory.get(), 4 * kPage));
    uint64_t read = 1;
    EXPECT_OK(sys::memory_object_read(memory.get(), 3 * kPage + 8, &read, 8));
    EXPECT_EQ(read, 0u);
    EXPECT_OK(sys::memory_object_read(memory.get(), 0, &read, 8));
    EXPECT_EQ(read, value); // growing keeps the old contents
    ASSERT_OK(sys::memory_object_write(memory.get(), 2 * kPage, &value, 8));
    ASSERT_OK(sys::memory_object_resize(memory.get(), kPage));
    EXPECT_EQ(sys::memory_object_read(memory.get(), 2 * kPage, &read, 8), Status::OutOfRange);
    // Grown again, the dropped page comes back zero, not with its old contents.
    ASSERT_OK(sys::memory_object_resize(memory.get(), 3 * kPage));
    EXPECT_OK(sys::memory_object_read(memory.get(), 2 * kPage, &read, 8));
    EXPECT_EQ(read, 0u);
    EXPECT_EQ(sys::memory_object_resize(memory.get(), (1ull << 30) + kPage), Status::OutOfRange);
}

TEST(memory_object_cannot_shrink_below_a_live_mapping) {
    OwnedHandle memory = make_memory(4 * kPage);
    ASSERT_TRUE(memory);
    uint64_t address = 0;
    ASSERT_OK(sys::address_space_map(self_address_space(), memory.get(), 2 * kPage, kPage, 0,
                                     kRead | kWrite, &address));
    EXPECT_EQ(sys::memory_object_resize(memory.get(), 2 * kPage), Status::BadState);
    EXPECT_OK(sys::memory_object_resize(memory.get(), 3 * kPage)); // above the mapping: fine
    reinterpret_cast<volatile uint64_t*>(address)[0] = 5;          // and it is still there
    ASSERT_OK(sys::address_space_unmap(self_address_space(), address, kPage));
    EXPECT_OK(sys::memory_object_resize(memory.get(), kPage));
}

TEST(map_flags_are_checked) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    uint64_t address = 0;
    // Read is required; write and execute together are never allowed; unknown bits are invalid.
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, 0, 0, &address),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, 0, kWrite, &address),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, 0, kRead | kWrite | kExecute,
                                     &address),
              Status::InvalidArgument);
    EXPECT_EQ(
        sys::address_space_map(space, memory.get(), 0, kPage, 0, kRead | (1ull << 9), &address),
        Status::InvalidArgument);
    EXPECT_EQ(
        sys::address_space_map(space, memory.get(), 0, kPage, 0, kRead | (1ull << 63), &address),
        Status::InvalidArgument);
}

TEST(map_alignment_and_size_are_checked) {
    OwnedHandle memory = make_memory(4 * kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    uint64_t address = 0;
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, 0, 0, kRead, &address),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage + 1, 0, kRead, &address),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 100, kPage, 0, kRead, &address),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, test_area(0) + 8,
                                     kRead | kFixed, &address),
              Status::InvalidArgument);
    // Beyond the object.
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 4 * kPage, kPage, 0, kRead, &address),
              Status::OutOfRange);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 2 * kPage, 3 * kPage, 0, kRead, &address),
              Status::OutOfRange);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), ~0ull & ~(kPage - 1), kPage, 0, kRead,
                                     &address),
              Status::OutOfRange);
}

TEST(map_fixed_outside_user_space_is_out_of_range) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    uint64_t address = 0;
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, kKernelAddress, kRead | kFixed,
                                     &address),
              Status::OutOfRange);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, kKernelImageAddress,
                                     kRead | kFixed, &address),
              Status::OutOfRange);
    // The null page and the low 64 KiB are never mappable: null dereferences must fault.
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, 0, kRead | kFixed, &address),
              Status::OutOfRange);
    EXPECT_EQ(
        sys::address_space_map(space, memory.get(), 0, kPage, 0xf000, kRead | kFixed, &address),
        Status::OutOfRange);
    // A range that would wrap around the top of the address space.
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, ~0ull & ~(kPage - 1),
                                     kRead | kFixed, &address),
              Status::OutOfRange);
}

TEST(map_fixed_over_an_existing_mapping_is_refused) {
    OwnedHandle memory = make_memory(2 * kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    uint64_t first = 0, second = 0;
    ASSERT_OK(sys::address_space_map(space, memory.get(), 0, 2 * kPage, 0, kRead, &first));
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, first + kPage, kRead | kFixed,
                                     &second),
              Status::AlreadyExists);
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, 2 * kPage, first - kPage,
                                     kRead | kFixed, &second),
              Status::AlreadyExists);
    // Our own code is mapped too.
    EXPECT_EQ(sys::address_space_map(space, memory.get(), 0, kPage, read_only_address(),
                                     kRead | kFixed, &second),
              Status::AlreadyExists);
    EXPECT_OK(sys::address_space_unmap(space, first, 2 * kPage));
}

TEST(map_without_fixed_places_at_64_gib_or_above) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    uint64_t a = 0, b = 0;
    ASSERT_OK(sys::address_space_map(space, memory.get(), 0, kPage, 0, kRead, &a));
    ASSERT_OK(sys::address_space_map(space, memory.get(), 0, kPage, 0, kRead, &b));
    EXPECT_GE(a, 1ull << 36);
    EXPECT_GE(b, 1ull << 36);
    EXPECT_NE(a, b);
    EXPECT_EQ(a % kPage, 0u);
    // A free, aligned hint is taken as it is.
    uint64_t hinted = 0, hint = test_area(1);
    ASSERT_OK(sys::address_space_map(space, memory.get(), 0, kPage, hint, kRead, &hinted));
    EXPECT_EQ(hinted, hint);
    EXPECT_OK(sys::address_space_unmap(space, a, kPage));
    EXPECT_OK(sys::address_space_unmap(space, b, kPage));
    EXPECT_OK(sys::address_space_unmap(space, hinted, kPage));
}

TEST(mapped_memory_and_the_object_show_the_same_bytes) {
    OwnedHandle memory = make_memory(2 * kPage);
    ASSERT_TRUE(memory);
    Mapping mapping = Mapping::map(memory.get(), 2 * kPage);
    ASSERT_TRUE(mapping);
    mapping.as<volatile uint64_t>()[kPage / 8 + 3] = 0xabcdef;
    uint64_t read = 0;
    ASSERT_OK(sys::memory_object_read(memory.get(), kPage + 24, &read, 8));
    EXPECT_EQ(read, 0xabcdefu);
    uint64_t value = 0x77;
    ASSERT_OK(sys::memory_object_write(memory.get(), 40, &value, 8));
    EXPECT_EQ(mapping.as<volatile uint64_t>()[5], 0x77u);
}

TEST(two_mappings_of_one_object_share_pages) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    Mapping writer = Mapping::map(memory.get(), kPage);
    Mapping reader = Mapping::map(memory.get(), kPage, kRead);
    ASSERT_TRUE(writer && reader);
    EXPECT_NE(writer.address(), reader.address());
    writer.as<volatile uint32_t>()[10] = 0x600df00d;
    EXPECT_EQ(reader.as<volatile uint32_t>()[10], 0x600df00du);
}

TEST(a_mapping_keeps_its_memory_object_alive) {
    OwnedHandle memory = make_memory(kPage);
    ASSERT_TRUE(memory);
    Mapping mapping = Mapping::map(memory.get(), kPage);
    ASSERT_TRUE(mapping);
    mapping.as<volatile uint64_t>()[0] = 42;
    memory.reset();
    EXPECT_EQ(mapping.as<volatile uint64_t>()[0], 42u);
    mapping.as<volatile uint64_t>()[1] = 43;
    EXPECT_EQ(mapping.as<volatile uint64_t>()[1], 43u);
}

TEST(unmap_removes_exactly_the_range_and_splits_mappings) {
    OwnedHandle memory = make_memory(3 * kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    // At a fixed place with nothing next to it, so the pages around are known to be unmapped.
    uint64_t base = 0;
    ASSERT_OK(sys::address_space_map(space, memory.get(), 0, 3 * kPage, test_area(2),
                                     kRead | kWrite | kFixed, &base));
    EXPECT_OK(probe_write(base + kPage));
    ASSERT_OK(sys::address_space_unmap(space, base + kPage, kPage));
    EXPECT_OK(probe_write(base));
    EXPECT_EQ(probe_write(base + kPage), Status::BadAddress);
    EXPECT_OK(probe_write(base + 2 * kPage));
    // The halves still show the right pages of the object.
    reinterpret_cast<volatile uint64_t*>(base + 2 * kPage)[0] = 0x3;
    uint64_t read = 0;
    ASSERT_OK(sys::memory_object_read(memory.get(), 2 * kPage, &read, 8));
    EXPECT_EQ(read, 3u);
    // Unmapping a hole is fine; then the rest goes.
    EXPECT_OK(sys::address_space_unmap(space, base, 3 * kPage));
    EXPECT_EQ(probe_write(base), Status::BadAddress);
    EXPECT_EQ(probe_read(base + 2 * kPage), Status::BadAddress);
}

TEST(unmap_checks_its_arguments) {
    abi::Handle space = self_address_space();
    uint64_t area = test_area(3);
    EXPECT_EQ(sys::address_space_unmap(space, area + 8, kPage), Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_unmap(space, area, kPage + 1), Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_unmap(space, area, 0), Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_unmap(space, kKernelAddress, kPage), Status::OutOfRange);
    EXPECT_EQ(sys::address_space_unmap(space, area, ~0ull & ~(kPage - 1)), Status::OutOfRange);
    // User space ends at 256 GiB.
    EXPECT_EQ(sys::address_space_unmap(space, 1ull << 38, kPage), Status::OutOfRange);
}

TEST(protect_changes_access_and_respects_the_handle_rights) {
    OwnedHandle memory = make_memory(2 * kPage);
    ASSERT_TRUE(memory);
    abi::Handle space = self_address_space();
    uint64_t base = 0;
    ASSERT_OK(sys::address_space_map(space, memory.get(), 0, 2 * kPage, test_area(4),
                                     kRead | kWrite | kFixed, &base));
    ASSERT_OK(sys::address_space_protect(space, base, kPage, kRead));
    EXPECT_EQ(probe_write(base), Status::BadAddress); // read-only now
    EXPECT_OK(probe_read(base));                      // still readable
    EXPECT_OK(probe_write(base + kPage));             // the other page kept its access
    ASSERT_OK(sys::address_space_protect(space, base, 2 * kPage, kRead | kWrite));
    EXPECT_OK(probe_write(base));
    // Invalid requests.
    EXPECT_EQ(sys::address_space_protect(space, base, kPage, kRead | kWrite | kExecute),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_protect(space, base, kPage, kWrite), Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_protect(space, base, kPage, kRead | kFixed),
              Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_protect(space, base + 8, kPage, kRead), Status::InvalidArgument);
    EXPECT_EQ(sys::address_space_protect(space, base, 3 * kPage, kRead), Status::NotFound);
    EXPECT_EQ(sys::address_space_protect(space, kKernelAddress, kPage, kRead), Status::OutOfRange);
    // A read-only handle's mapping cannot be made writable.
    OwnedHandle reader = duplicate(memory.get(), Rights::Read | Rights::Map);
    uint64_t view = 0;
    ASSERT_OK(sys::address_space_map(space, reader.get(), 0, kPage, 0, kRead, &view));
    EXPECT_EQ(sys::address_space_protect(space, view, kPage, kRead | kWrite), Status::AccessDenied);
    EXPECT_OK(sys::address_space_unmap(space, view, kPage));
    EXPECT_OK(sys::address_space_unmap(space, base, 2 * kPage));
}

TEST(own_code_is_not_writable) {
    // The text segment is mapped r-x: neither we nor the kernel on our behalf may write it.
    EXPECT_EQ(probe_write(read_only_address()), Status::BadAddress);
    EXPECT_OK(probe_read(read_only_address()));
}
