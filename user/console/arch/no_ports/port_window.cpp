#include "../../port_window.h"

namespace mica::console {

SysResult<RegisterWindow*> open_port_window(abi::Handle, uint16_t, uint16_t) {
    return SysError{abi::Status::Unsupported, "open_port_window", "this ISA has no I/O ports"};
}

} // namespace mica::console
