#pragma once

namespace mica {
inline constexpr const char* kVersion = "0.1";
}
