#pragma once
// The page-table entry format the generic address space (kernel/vm/address_space.h) uses here.

#include <arch/aarch64_page_format.h>

namespace mica::arch {
using PageTableFormat = Aarch64PageFormat;
}
