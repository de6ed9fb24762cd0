#pragma once
// Whether a DTB cpu node lists an ISA extension, in either form firmware writes: the
// riscv,isa-extensions string list, or riscv,isa ("rv64imafdc_zicsr_..._sstc", multi-letter
// extensions after underscores, case-insensitive).

#include <lib/fdt.h>
#include <lib/string_view.h>

namespace mica::arch {

bool isa_string_has_extension(StringView isa, StringView extension);
bool hart_has_extension(const FdtNode& cpu, StringView extension);

} // namespace mica::arch
