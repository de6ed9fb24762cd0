#pragma once
// Errors of the FAT32 library. Results carry mica::Error (kernel/lib/error.h); the filesystem
// conditions it has no name for map onto the nearest one, named here so callers (the VFS
// service) can test for them. Every failure also leaves a sentence in the volume's Problem.

#include <lib/error.h>

namespace mica::fs::fat32 {

constexpr Error kNoSpace = Error::Full;            // no free cluster, or the directory is full
constexpr Error kNotDirectory = Error::WrongType;  // a path component or target is a file
constexpr Error kIsDirectory = Error::WrongType;   // a file operation on a directory
constexpr Error kNotEmpty = Error::BadState;       // removing a directory with entries
constexpr Error kReadOnly = Error::AccessDenied;   // mounted read-only, or a read-only file
constexpr Error kCorrupt = Error::Malformed;       // on-disk structures contradict the spec
constexpr Error kBadName = Error::InvalidArgument; // empty, too long, or forbidden characters

// The most recent failure's explanation ("cluster chain loops", "name contains '*'", ...).
struct Problem {
    const char* reason = "";

    Error fail(Error error, const char* why) {
        reason = why;
        return error;
    }
};

} // namespace mica::fs::fat32
