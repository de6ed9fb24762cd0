#pragma once
// FAT timestamps (local time with no zone, 2-second steps) as nanoseconds since the Unix epoch,
// taking the stored time as UTC: Mica has no time zones.

#include <fs/fat32/clock.h>

namespace mica::vfs::disk {

uint64_t unix_nanoseconds(const fs::fat32::DateTime& when);

} // namespace mica::vfs::disk
