#pragma once
// The boot archive (cpio newc, built as build/<isa>/initrd.cpio) as init sees it: a memory object
// granted with the BootArchive role, boot_archive_size() bytes of which hold the archive. open()
// maps it read-only into this process once (it stays mapped for the process's life) and checks
// every entry with kernel/lib's CpioArchive, so files can then be looked up without copying.

#include <lib/cpio.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/sys_result.h>

namespace mica {

class BootArchive {
public:
    // Needs the BootArchive (read, map) and SelfAddressSpace (map) startup handles.
    static SysResult<BootArchive> open();

    const CpioArchive& entries() const { return m_archive; }

    // The contents of the regular file `name` (a leading "./" or "/" is ignored).
    SysResult<Bytes> file(StringView name) const;

private:
    explicit BootArchive(const CpioArchive& archive) : m_archive(archive) {}
    CpioArchive m_archive;
};

} // namespace mica
