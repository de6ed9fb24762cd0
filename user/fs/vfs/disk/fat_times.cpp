#include "fat_times.h"

namespace mica::vfs::disk {

namespace {

// Days from 1970-01-01 to year-month-day of the proleptic Gregorian calendar (March-based years
// put the leap day last, so each era of 400 years has the same shape).
int64_t days_since_epoch(int64_t year, unsigned month, unsigned day) {
    year -= month <= 2;
    int64_t era = year / 400; // years here are >= 1980: no negative rounding
    unsigned year_of_era = unsigned(year - era * 400);
    unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + int64_t(day_of_era) - 719468;
}

} // namespace

uint64_t unix_nanoseconds(const fs::fat32::DateTime& when) {
    int64_t days =
        days_since_epoch(when.year, when.month ? when.month : 1, when.day ? when.day : 1);
    uint64_t seconds = uint64_t(days) * 86400 + uint64_t(when.hour) * 3600 +
                       uint64_t(when.minute) * 60 + when.second;
    return seconds * 1000000000ull;
}

} // namespace mica::vfs::disk
