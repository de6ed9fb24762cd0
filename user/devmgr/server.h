#pragma once
// devmgr's endpoint: answers mica/protocol/devmgr.h calls, and between calls restarts drivers
// that ended.

#include <devmgr/drivers.h>
#include <lib/string_view.h>

namespace mica::devmgr {

// Serves `endpoint` (receive side) until receiving fails; `list` is the device list text.
// Returns why it stopped.
SysError serve(abi::Handle endpoint, StringView list, Drivers& drivers);

} // namespace mica::devmgr
