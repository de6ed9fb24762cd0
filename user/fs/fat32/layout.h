#pragma once
// On-disk facts of FAT32, from Microsoft's "FAT: General Overview of On-Disk Format" (the FAT
// specification, version 1.03): the BIOS parameter block, FSInfo, FAT entry values and the
// 32-byte directory entry, short and long-name forms. Offsets are in bytes from the structure's
// start; every multi-byte field is little-endian.

#include <lib/types.h>

namespace mica::fs::fat32 {

// Boot sector / BPB.
namespace bpb {
constexpr size_t kJump = 0;
constexpr size_t kBytesPerSector = 11;    // u16
constexpr size_t kSectorsPerCluster = 13; // u8
constexpr size_t kReservedSectors = 14;   // u16
constexpr size_t kFatCount = 16;          // u8
constexpr size_t kRootEntryCount = 17;    // u16, 0 on FAT32
constexpr size_t kTotalSectors16 = 19;    // u16, 0 on FAT32
constexpr size_t kMedia = 21;             // u8
constexpr size_t kFatSize16 = 22;         // u16, 0 on FAT32
constexpr size_t kTotalSectors32 = 32;    // u32
constexpr size_t kFatSize32 = 36;         // u32
constexpr size_t kExtFlags = 40;          // u16; bit 7: only one FAT is active
constexpr size_t kFsVersion = 42;         // u16, must be 0.0
constexpr size_t kRootCluster = 44;       // u32
constexpr size_t kFsInfoSector = 48;      // u16
constexpr size_t kVolumeId = 67;          // u32
constexpr size_t kVolumeLabel = 71;       // 11 bytes
constexpr size_t kSignature = 510;        // 0x55 0xaa, at 510 whatever the sector size
constexpr uint16_t kExtFlagsNoMirroring = 0x80;
} // namespace bpb

// FSInfo sector.
namespace fsinfo {
constexpr size_t kLeadSignature = 0;     // 0x41615252
constexpr size_t kStructSignature = 484; // 0x61417272
constexpr size_t kFreeCount = 488;
constexpr size_t kNextFree = 492;
constexpr size_t kTrailSignature = 508; // 0xaa550000
constexpr uint32_t kLeadValue = 0x41615252;
constexpr uint32_t kStructValue = 0x61417272;
constexpr uint32_t kTrailValue = 0xaa550000;
constexpr uint32_t kUnknown = 0xffffffff;
} // namespace fsinfo

// FAT entries: 28 bits used, the top 4 reserved (kept as found when writing).
namespace fat {
constexpr uint32_t kMask = 0x0fffffff;
constexpr uint32_t kFree = 0;
constexpr uint32_t kBad = 0x0ffffff7;
constexpr uint32_t kEndOfChainMin = 0x0ffffff8;
constexpr uint32_t kEndOfChain = 0x0fffffff;
constexpr uint32_t kFirstCluster = 2;
// FAT[1]: bit 27 set = the volume was unmounted cleanly; bit 26 set = no disk I/O errors.
constexpr uint32_t kCleanShutdown = 0x08000000;
constexpr uint32_t kNoHardError = 0x04000000;
// Fewer clusters than this make a volume FAT12 or FAT16, whatever its BPB claims.
constexpr uint32_t kMinFat32Clusters = 65525;
} // namespace fat

// Directory entries.
namespace dirent {
constexpr size_t kSize = 32;
constexpr size_t kName = 0; // 11 bytes: 8 name + 3 extension, space padded
constexpr size_t kAttributes = 11;
constexpr size_t kNtCase = 12; // bit 3: base is lower case, bit 4: extension is lower case
constexpr size_t kCreateTenths = 13;
constexpr size_t kCreateTime = 14;
constexpr size_t kCreateDate = 16;
constexpr size_t kAccessDate = 18;
constexpr size_t kClusterHigh = 20;
constexpr size_t kWriteTime = 22;
constexpr size_t kWriteDate = 24;
constexpr size_t kClusterLow = 26;
constexpr size_t kFileSize = 28;

constexpr uint8_t kEndMarker = 0x00; // this entry and all after it are free
constexpr uint8_t kDeleted = 0xe5;
constexpr uint8_t kEscapedE5 = 0x05; // a name that really starts with 0xe5
constexpr uint8_t kNtLowerBase = 0x08;
constexpr uint8_t kNtLowerExtension = 0x10;

constexpr uint8_t kReadOnly = 0x01;
constexpr uint8_t kHidden = 0x02;
constexpr uint8_t kSystem = 0x04;
constexpr uint8_t kVolumeLabel = 0x08;
constexpr uint8_t kDirectory = 0x10;
constexpr uint8_t kArchive = 0x20;
constexpr uint8_t kLongName = 0x0f; // read-only | hidden | system | volume label
constexpr uint8_t kLongNameMask = 0x3f;

// Long-name entries: 13 UCS-2 units in three runs, a sequence number and the short name's checksum.
constexpr size_t kLongOrder = 0;
constexpr size_t kLongName1 = 1; // 5 units
constexpr size_t kLongChecksum = 13;
constexpr size_t kLongName2 = 14; // 6 units
constexpr size_t kLongName3 = 28; // 2 units
constexpr uint8_t kLongLast = 0x40;
constexpr uint8_t kLongOrderMask = 0x1f;
constexpr size_t kLongUnitsPerEntry = 13;
constexpr size_t kMaxLongNameUnits = 255;
constexpr size_t kMaxEntriesPerName = 21; // 20 long-name entries and the short one
// A directory may hold at most 65536 entries (2 MiB), so an entry index fits 16 bits.
constexpr uint32_t kMaxDirectoryEntries = 65536;
} // namespace dirent

} // namespace mica::fs::fat32
