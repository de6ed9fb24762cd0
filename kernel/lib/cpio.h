#pragma once
// A reader for cpio "newc" archives (magic 070701, and 070702 whose data carries a checksum):
// the format of the initial archive the boot loader hands over with the boot modules. The
// archive is not trusted: CpioArchive::parse() walks every entry once up to TRAILER!!!,
// checking each header, name and data size against the bytes available, and only then hands out
// entries. Iteration and find() after that rely on the walk and cannot fail.
//
//   auto archive = TRY(CpioArchive::parse(bytes));
//   auto init = TRY(archive.find("init"));   // also matches "./init" and "/init"
//   if (!init.is_regular_file()) ...
//
// Nothing is copied or allocated: names and data are views into the archive. Bytes after the
// trailer (the writer's padding to its block size) are ignored.

#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>

namespace mica {

struct CpioEntry {
    StringView name; // as stored, without the NUL; often starts with "./"
    Bytes data;      // file contents, or a symbolic link's target
    uint32_t mode = 0;
    uint32_t inode = 0;
    uint32_t link_count = 0;
    uint32_t mtime = 0;

    bool is_regular_file() const { return (mode & kTypeMask) == kRegular; }
    bool is_directory() const { return (mode & kTypeMask) == kDirectory; }
    bool is_symlink() const { return (mode & kTypeMask) == kSymlink; }
    uint32_t permissions() const { return mode & 07777; }

    // The file type bits of st_mode, which newc stores unchanged.
    static constexpr uint32_t kTypeMask = 0170000;
    static constexpr uint32_t kRegular = 0100000;
    static constexpr uint32_t kDirectory = 0040000;
    static constexpr uint32_t kSymlink = 0120000;
};

class CpioArchive {
public:
    static constexpr size_t kHeaderSize = 110;

    class Iterator {
    public:
        CpioEntry operator*() const;
        Iterator& operator++();
        bool operator!=(const Iterator& other) const { return m_offset != other.m_offset; }

    private:
        friend class CpioArchive;
        Iterator(Bytes archive, size_t offset) : m_archive(archive), m_offset(offset) {}
        Bytes m_archive;
        size_t m_offset; // of the current entry's header
    };

    // On error, `*reason` (if given) is set to a static sentence saying what is wrong.
    static Result<CpioArchive> parse(Bytes archive, const char** reason = nullptr);

    // The entries before the trailer, in archive order.
    Iterator begin() const { return Iterator(m_archive, 0); }
    Iterator end() const { return Iterator(m_archive, m_trailer); }
    size_t count() const { return m_count; }

    // The entry named `path`, ignoring a leading "./" or "/" on either side. When a name appears
    // twice the later entry wins, as when the archive is unpacked in order. NotFound if absent.
    Result<CpioEntry> find(StringView path) const;

private:
    CpioArchive(Bytes archive, size_t trailer, size_t count)
        : m_archive(archive), m_trailer(trailer), m_count(count) {}

    Bytes m_archive;
    size_t m_trailer; // offset of the TRAILER!!! header
    size_t m_count;
};

} // namespace mica
