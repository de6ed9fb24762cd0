#pragma once
// What the generic loader (user/lib/src/spawn.cpp) needs to know about this ISA; the build puts
// this folder on the include path of x86_64 programs only.

#include <lib/elf.h>

namespace mica::arch {

constexpr ElfMachine kElfMachine = ElfMachine::X86_64;

} // namespace mica::arch
