#include <devmgr/hw/pci_config.h>

namespace mica::devmgr {

void ConfigSpace::write16(PciAddress address, uint16_t offset, uint16_t value) {
    unsigned shift = (offset & 2) * 8;
    uint32_t word = read32(address, offset & ~3);
    if ((offset & ~3) == pci::kCommand)
        word &= 0xffff; // status bits are write-1-to-clear: never write back what was read
    word = (word & ~(0xffffu << shift)) | uint32_t(value) << shift;
    write32(address, offset & ~3, word);
}

void ConfigSpace::write8(PciAddress address, uint16_t offset, uint8_t value) {
    unsigned shift = (offset & 3) * 8;
    uint32_t word = read32(address, offset & ~3);
    word = (word & ~(0xffu << shift)) | uint32_t(value) << shift;
    write32(address, offset & ~3, word);
}

} // namespace mica::devmgr
