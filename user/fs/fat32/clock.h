#pragma once
// Where timestamps come from. The library has no clock of its own: the embedder passes one, or
// every timestamp is the FAT epoch, 1980-01-01 00:00:00.

#include <lib/types.h>

namespace mica::fs::fat32 {

struct DateTime {
    uint16_t year = 1980; // 1980..2107
    uint8_t month = 1;    // 1..12
    uint8_t day = 1;      // 1..31
    uint8_t hour = 0;
    uint8_t minute = 0;
    uint8_t second = 0; // stored with 2-second resolution
};

class Clock {
public:
    virtual DateTime now() = 0;

protected:
    ~Clock() = default;
};

// The packed 16-bit forms of a directory entry (FAT spec, "Date and Time Formats").
struct FatTimestamp {
    uint16_t date;
    uint16_t time;
};

FatTimestamp encode_timestamp(const DateTime& when);
DateTime decode_timestamp(uint16_t date, uint16_t time);

} // namespace mica::fs::fat32
