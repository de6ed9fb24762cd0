#pragma once
// Starting a program from its ELF file, entirely from user space: the kernel provides processes,
// memory objects and mappings; the loader here decides what goes where (mica/layout.h).
//
//   StartupGrant grants[] = {{abi::StartupRole::Console, move(console)}};
//   StringView args[] = {"--verbose"};
//   OwnedHandle child = TRY(spawn("hello", file, grants, args));
//   int64_t code; sys::process_wait(child.get(), abi::kDeadlineInfinite, &code);
//
// The child gets one memory object per PT_LOAD segment (mapped at the segment's address with the
// segment's access), a stack whose top holds its abi::StartupInfo, an IPC buffer, handles to
// itself (SelfProcess: manage+wait, SelfAddressSpace: map, SelfThread: manage+wait; each also
// carries transfer, which moving it needed) and the granted handles, and starts at the ELF entry.

#include <abi/startup.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/handle.h>
#include <mica/layout.h>
#include <mica/sys_result.h>

namespace mica {

struct StartupGrant {
    abi::StartupRole role;
    OwnedHandle handle; // needs the transfer right; moved into the child by spawn()
};

struct SpawnOptions {
    uint64_t stack_size = layout::kDefaultStackSize; // rounded up to pages; at most kMaxStackSize
    // For a child granted a BootArchive handle: how many bytes of it hold the archive (the
    // startup block's boot_archive_size, which BootArchive::open() needs). 0: none.
    uint64_t boot_archive_size = 0;
};

// Loads `file` into a new process named `name`, whose argv is `name` followed by `arguments`,
// and starts it. Returns the process handle (all rights). The granted handles are consumed: on
// success they live in the child, on failure they are closed. The bytes of `file` are copied;
// it may be freed or unmapped once this returns.
SysResult<OwnedHandle> spawn(StringView name, Bytes file, Span<StartupGrant> grants = {},
                             Span<const StringView> arguments = {},
                             const SpawnOptions& options = {});

} // namespace mica
