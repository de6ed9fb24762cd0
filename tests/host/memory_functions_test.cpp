// Tests of the freestanding memcpy/memmove/memset/memcmp/strlen (kernel/lib/freestanding/
// memory.cpp, which the kernel and libmica link in place of a C library): every alignment of
// source and destination, every length around the word and block sizes, and overlapping moves in
// both directions, against a byte-by-byte reference. The file is compiled here under other names
// so that it does not replace the host C library's functions.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#define memcpy mica_test_memcpy
#define memmove mica_test_memmove
#define memset mica_test_memset
#define memcmp mica_test_memcmp
#define strlen mica_test_strlen
#include "../../kernel/lib/freestanding/memory.cpp"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen

namespace {

constexpr size_t kMaxLength = 200; // beyond three 64-byte blocks
constexpr size_t kSlack = 16;      // room for every misalignment, and guard bytes

std::vector<uint8_t> numbered(size_t size, uint8_t seed) {
    std::vector<uint8_t> bytes(size);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = uint8_t(seed + i * 7);
    return bytes;
}

TEST(MemoryFunctions, CopyEveryAlignmentAndLength) {
    for (size_t src_offset = 0; src_offset < 8; ++src_offset) {
        for (size_t dest_offset = 0; dest_offset < 8; ++dest_offset) {
            for (size_t length = 0; length <= kMaxLength; ++length) {
                std::vector<uint8_t> src = numbered(kMaxLength + kSlack, 1);
                std::vector<uint8_t> dest(kMaxLength + kSlack, 0xee);
                std::vector<uint8_t> want = dest;
                for (size_t i = 0; i < length; ++i)
                    want[dest_offset + i] = src[src_offset + i];
                void* returned =
                    mica_test_memcpy(dest.data() + dest_offset, src.data() + src_offset, length);
                ASSERT_EQ(returned, dest.data() + dest_offset);
                ASSERT_EQ(dest, want)
                    << "src+" << src_offset << " dest+" << dest_offset << " len " << length;
            }
        }
    }
}

TEST(MemoryFunctions, MoveOverlappingBothWays) {
    for (size_t from = 0; from < 24; ++from) {
        for (size_t to = 0; to < 24; ++to) {
            for (size_t length = 0; length <= kMaxLength; length += (length < 80 ? 1 : 13)) {
                std::vector<uint8_t> buffer = numbered(kMaxLength + 32, 3);
                std::vector<uint8_t> want = buffer;
                std::vector<uint8_t> moved(want.begin() + from, want.begin() + from + length);
                std::copy(moved.begin(), moved.end(), want.begin() + to);
                void* returned =
                    mica_test_memmove(buffer.data() + to, buffer.data() + from, length);
                ASSERT_EQ(returned, buffer.data() + to);
                ASSERT_EQ(buffer, want) << "from " << from << " to " << to << " len " << length;
            }
        }
    }
}

TEST(MemoryFunctions, SetEveryAlignmentAndLength) {
    for (size_t offset = 0; offset < 8; ++offset) {
        for (size_t length = 0; length <= kMaxLength; ++length) {
            std::vector<uint8_t> buffer = numbered(kMaxLength + kSlack, 5);
            std::vector<uint8_t> want = buffer;
            for (size_t i = 0; i < length; ++i)
                want[offset + i] = 0xa5;
            // Only the low byte of the value counts.
            void* returned = mica_test_memset(buffer.data() + offset, 0x3a5, length);
            ASSERT_EQ(returned, buffer.data() + offset);
            ASSERT_EQ(buffer, want) << "offset " << offset << " len " << length;
        }
    }
}

TEST(MemoryFunctions, CompareAndLength) {
    const uint8_t a[] = {1, 2, 3, 200};
    const uint8_t b[] = {1, 2, 4, 0};
    EXPECT_EQ(mica_test_memcmp(a, b, 2), 0);
    EXPECT_LT(mica_test_memcmp(a, b, 3), 0);
    EXPECT_GT(mica_test_memcmp(b, a, 3), 0);
    EXPECT_EQ(mica_test_memcmp(a, b, 0), 0);
    EXPECT_EQ(mica_test_strlen(""), 0u);
    EXPECT_EQ(mica_test_strlen("mica"), 4u);
}

} // namespace
