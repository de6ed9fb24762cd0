#include "io_port_range.h"

#include <arch/x86_64/traps/descriptors.h>

namespace mica {

Result<RefPtr<IoPortRange>> IoPortRange::create(uint32_t base, uint32_t count) {
    if (count == 0 || base >= arch::kIoPorts || count > arch::kIoPorts - base)
        return Error::InvalidArgument;
    return make_ref<IoPortRange>(base, count);
}

} // namespace mica
