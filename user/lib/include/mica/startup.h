#pragma once
// What a process was started with, and how it ends.
//
// The startup convention (every ISA): the first thread begins at _start with process_start's
// `arg` handle (0 if none) in the first argument register and the stack pointer at an
// abi::StartupInfo (abi/startup.h) that whoever started the process wrote at the top of the
// stack. _start (user/lib/arch/<isa>/start.S) keeps the stack 16-byte aligned below the block,
// clears the frame pointer (the end of every backtrace) and calls mica::startup(), which records
// the block, runs static constructors and ends the process with main's return value.

#include <abi/startup.h>
#include <lib/span.h>
#include <mica/handle.h>

namespace mica {

// The C++ side of _start; the assembler calls it by this fixed name.
[[noreturn]] void startup(uint64_t start_argument, abi::StartupInfo* info) __asm__("mica_startup");

// The startup block, or nullptr if the stack pointer did not point at one (bad magic).
const abi::StartupInfo* startup_info();

// The handle process_start moved into this process as the thread's first argument, if any.
abi::Handle start_handle();

// The handle granted with `role` in the startup block, or kInvalidHandle. The process owns it;
// wrap it in an OwnedHandle to close it when done.
abi::Handle startup_handle(abi::StartupRole role);

// Bytes of the BootArchive memory object that hold the archive (0 if none was given).
uint64_t boot_archive_size();

// argv[0..argc) from the startup block; by convention argv[0] is the program's name.
Span<char* const> arguments();

// Runs the destructors of static objects, then process_exit(code).
[[noreturn]] void exit(int code);

} // namespace mica
