#pragma once
// The page-table entry format the generic address space (kernel/vm/address_space.h) uses here.

#include <arch/sv39_page_format.h>

namespace mica::arch {
using PageTableFormat = Sv39PageFormat;
}
