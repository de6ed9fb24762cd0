#pragma once
// WASI preview1 (`wasi_snapshot_preview1`) as the module sees it: error numbers, flags, and the
// byte layout of the structures exchanged through linear memory. Values and offsets are the
// ones in the WASI witx definitions (wasi-libc's <wasi/api.h> asserts the same offsets).

#include <lib/types.h>

namespace mica::wasm::wasi {

enum class Errno : uint16_t {
    Success = 0,
    TooBig = 1, // E2BIG
    Access = 2,
    BadFd = 8,
    Busy = 10,
    Exist = 20,
    Fault = 21,
    FileTooBig = 22,
    Invalid = 28,
    Io = 29,
    IsDirectory = 31,
    Loop = 32,
    TooManyFiles = 33, // EMFILE
    NameTooLong = 37,
    NoEntry = 44,
    NoMemory = 48,
    NoSpace = 51,
    NoSys = 52,
    NotDirectory = 54,
    NotEmpty = 55,
    NotSupported = 58,
    Overflow = 61,
    Permission = 63,
    ReadOnlyFs = 69,
    SeekPipe = 70, // ESPIPE
    CrossDevice = 75,
    NotCapable = 76,
};

enum class FileType : uint8_t {
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SymbolicLink = 7,
};

namespace rights {
constexpr uint64_t kFdDatasync = 1ull << 0;
constexpr uint64_t kFdRead = 1ull << 1;
constexpr uint64_t kFdSeek = 1ull << 2;
constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kFdSync = 1ull << 4;
constexpr uint64_t kFdTell = 1ull << 5;
constexpr uint64_t kFdWrite = 1ull << 6;
constexpr uint64_t kFdAdvise = 1ull << 7;
constexpr uint64_t kFdAllocate = 1ull << 8;
constexpr uint64_t kPathCreateDirectory = 1ull << 9;
constexpr uint64_t kPathCreateFile = 1ull << 10;
constexpr uint64_t kPathLinkSource = 1ull << 11;
constexpr uint64_t kPathLinkTarget = 1ull << 12;
constexpr uint64_t kPathOpen = 1ull << 13;
constexpr uint64_t kFdReaddir = 1ull << 14;
constexpr uint64_t kPathReadlink = 1ull << 15;
constexpr uint64_t kPathRenameSource = 1ull << 16;
constexpr uint64_t kPathRenameTarget = 1ull << 17;
constexpr uint64_t kPathFilestatGet = 1ull << 18;
constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
constexpr uint64_t kFdFilestatGet = 1ull << 21;
constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
constexpr uint64_t kPathSymlink = 1ull << 24;
constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
constexpr uint64_t kPathUnlinkFile = 1ull << 26;
constexpr uint64_t kPollFdReadwrite = 1ull << 27;
constexpr uint64_t kAll = (1ull << 30) - 1;

// What each kind of descriptor can do at most; path_open narrows these to what was asked for.
constexpr uint64_t kRegularFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync |
                                  kFdTell | kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
                                  kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
constexpr uint64_t kDirectory =
    kFdFdstatSetFlags | kFdSync | kPathCreateDirectory | kPathCreateFile | kPathLinkSource |
    kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink | kPathRenameSource |
    kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile;
constexpr uint64_t kStream =
    kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite;
} // namespace rights

namespace oflags {
constexpr uint16_t kCreate = 1;
constexpr uint16_t kDirectory = 2;
constexpr uint16_t kExclusive = 4;
constexpr uint16_t kTruncate = 8;
} // namespace oflags

namespace fdflags {
constexpr uint16_t kAppend = 1;
constexpr uint16_t kDsync = 2;
constexpr uint16_t kNonblock = 4;
constexpr uint16_t kRsync = 8;
constexpr uint16_t kSync = 16;
} // namespace fdflags

enum class Whence : uint8_t { Set = 0, Current = 1, End = 2 };

enum class ClockId : uint32_t {
    Realtime = 0,
    Monotonic = 1,
    ProcessCpuTime = 2,
    ThreadCpuTime = 3
};

enum class EventType : uint8_t { Clock = 0, FdRead = 1, FdWrite = 2 };
constexpr uint16_t kSubscriptionClockAbsolute = 1;

// Byte layouts in linear memory (little-endian, offsets from the structure's start).
namespace layout {
constexpr uint32_t kIovecSize = 8; // buf u32 @0, buf_len u32 @4

constexpr uint32_t kFdstatSize = 24; // filetype u8 @0, flags u16 @2, rights u64 @8, inheriting @16

constexpr uint32_t kFilestatSize = 64; // dev @0, ino @8, filetype u8 @16, nlink @24, size @32,
                                       // atim @40, mtim @48, ctim @56 (u64 unless noted)

constexpr uint32_t kPrestatSize = 8; // tag u8 @0 (0: directory), name_len u32 @4

constexpr uint32_t kDirentSize = 24; // next u64 @0, ino u64 @8, namlen u32 @16, type u8 @20;
                                     // the name follows, not terminated

constexpr uint32_t kSubscriptionSize = 48; // userdata u64 @0, tag u8 @8, then @16: clock
                                           // {id u32 @16, timeout u64 @24, precision u64 @32,
                                           // flags u16 @40} or fd_readwrite {fd u32 @16}
constexpr uint32_t kEventSize = 32; // userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16,
                                    // flags u16 @24
} // namespace layout

} // namespace mica::wasm::wasi
