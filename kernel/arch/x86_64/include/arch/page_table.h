#pragma once
// The page-table entry format the generic address space (kernel/vm/address_space.h) uses here.

#include <arch/x86_64_page_format.h>

namespace mica::arch {
using PageTableFormat = X86_64PageFormat;
}
