#include <wasm/wasi/descriptors.h>

namespace mica::wasm::wasi {

Descriptor* DescriptorTable::get(uint32_t fd) {
    if (fd >= kMaxDescriptors || m_descriptors[fd].kind == DescriptorKind::Free)
        return nullptr;
    return &m_descriptors[fd];
}

Descriptor* DescriptorTable::allocate(uint32_t& fd) {
    for (uint32_t i = 0; i < kMaxDescriptors; ++i) {
        if (m_descriptors[i].kind == DescriptorKind::Free) {
            fd = i;
            return &m_descriptors[i];
        }
    }
    return nullptr;
}

} // namespace mica::wasm::wasi
