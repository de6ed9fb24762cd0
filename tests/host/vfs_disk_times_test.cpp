// /disk's FAT timestamps as Unix time (user/fs/vfs/disk/fat_times.cpp), against dates whose
// Unix times are known (`date -u -d ... +%s`).

#include <fs/vfs/disk/fat_times.h>
#include <gtest/gtest.h>

using mica::fs::fat32::DateTime;
using mica::vfs::disk::unix_nanoseconds;

namespace {

uint64_t seconds(DateTime when) { return unix_nanoseconds(when) / 1000000000ull; }

TEST(VfsDiskTimes, FatEpochIsJanuaryFirst1980) {
    EXPECT_EQ(seconds(DateTime{}), 315532800u);
    EXPECT_EQ(unix_nanoseconds(DateTime{}) % 1000000000ull, 0u);
}

TEST(VfsDiskTimes, LeapDaysAndTimeOfDayCount) {
    // 2000 is a leap year (divisible by 400): 29 February exists and shifts March.
    EXPECT_EQ(seconds({.year = 2000, .month = 2, .day = 29, .hour = 0, .minute = 0, .second = 0}),
              951782400u);
    EXPECT_EQ(seconds({.year = 2000, .month = 3, .day = 1, .hour = 0, .minute = 0, .second = 0}),
              951868800u);
    EXPECT_EQ(
        seconds({.year = 2026, .month = 11, .day = 21, .hour = 17, .minute = 10, .second = 58}),
        1795281058u);
}

TEST(VfsDiskTimes, LastFatYearEndsIn2107) {
    EXPECT_EQ(
        seconds({.year = 2107, .month = 12, .day = 31, .hour = 23, .minute = 59, .second = 58}),
        4354819198u);
}

TEST(VfsDiskTimes, ZeroMonthOrDayFromACorruptEntryIsTakenAsTheFirst) {
    EXPECT_EQ(seconds({.year = 1990, .month = 0, .day = 0, .hour = 0, .minute = 0, .second = 0}),
              seconds({.year = 1990, .month = 1, .day = 1, .hour = 0, .minute = 0, .second = 0}));
}

} // namespace
