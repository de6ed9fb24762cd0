#include <fs/fat32/clock.h>

namespace mica::fs::fat32 {

FatTimestamp encode_timestamp(const DateTime& when) {
    // Out-of-range fields are clamped: a wrong clock must not corrupt neighbouring bits.
    uint32_t year = when.year < 1980 ? 0 : when.year > 2107 ? 127 : when.year - 1980;
    uint32_t month = when.month < 1 ? 1 : when.month > 12 ? 12 : when.month;
    uint32_t day = when.day < 1 ? 1 : when.day > 31 ? 31 : when.day;
    uint32_t hour = when.hour > 23 ? 23 : when.hour;
    uint32_t minute = when.minute > 59 ? 59 : when.minute;
    uint32_t second = when.second > 59 ? 59 : when.second;
    return FatTimestamp{.date = uint16_t(year << 9 | month << 5 | day),
                        .time = uint16_t(hour << 11 | minute << 5 | second / 2)};
}

DateTime decode_timestamp(uint16_t date, uint16_t time) {
    return DateTime{.year = uint16_t(1980 + (date >> 9)),
                    .month = uint8_t((date >> 5) & 0x0f),
                    .day = uint8_t(date & 0x1f),
                    .hour = uint8_t(time >> 11),
                    .minute = uint8_t((time >> 5) & 0x3f),
                    .second = uint8_t((time & 0x1f) * 2)};
}

} // namespace mica::fs::fat32
