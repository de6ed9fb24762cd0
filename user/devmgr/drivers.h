#pragma once
// The drivers devmgr runs: one virtio-blk process per virtio block device (PCI or MMIO), each
// granted only its own device's MmioRanges, a DMA resource and the receive side of an endpoint
// it serves on. devmgr keeps the send side for clients (OpenBlock) and restarts a driver that
// ends; clients of the dead one see peer_closed and come back through devmgr.

#include <devmgr/discovery.h>
#include <mica/boot_archive.h>
#include <mica/handle.h>

namespace mica::devmgr {

// One driver process and its device (a block device, or an entropy device: `program`).
struct BlockDriver {
    const char* program = "virtio-blk"; // its name in the boot archive
    bool is_pci = false;
    const PciFunction* function = nullptr; // is_pci
    const DtDevice* slot = nullptr;        // !is_pci
    OwnedHandle process;
    OwnedHandle endpoint; // send side: duplicated for each client
    uint32_t starts = 0;
    uint32_t failures = 0;       // ends nobody asked for (StopBlock); restarts stop after a few
    bool stop_requested = false; // StopBlock killed it: restart it whatever the count
};

// A driver that keeps ending by itself (it cannot drive the device, or it crashes) is not
// restarted forever.
constexpr uint32_t kMaxDriverFailures = 3;

constexpr size_t kMaxBlockDrivers = 8;
constexpr size_t kMaxRngDrivers = 2;

class Drivers {
public:
    Drivers(abi::Handle resource, const BootArchive& archive, Devices& devices)
        : m_resource(resource), m_archive(archive), m_devices(devices) {}

    // Finds the block and entropy devices and starts a driver for each (failures are printed).
    void start_all();
    // Restarts every driver whose process has ended.
    void restart_dead();

    size_t block_count() const { return m_count; }
    BlockDriver& block(size_t index) { return m_blocks[index]; }
    size_t rng_count() const { return m_rng_count; }
    BlockDriver& rng(size_t index) { return m_rngs[index]; }

private:
    SysResult<void> start(BlockDriver& driver);
    SysResult<void> grant_pci(BlockDriver& driver, struct Grants& grants);
    void find_rngs();
    void add_rng(bool is_pci, const PciFunction* function, const DtDevice* slot);
    void restart_if_dead(BlockDriver& driver, size_t index);

    abi::Handle m_resource;
    const BootArchive& m_archive;
    Devices& m_devices;
    BlockDriver m_blocks[kMaxBlockDrivers];
    size_t m_count = 0;
    BlockDriver m_rngs[kMaxRngDrivers];
    size_t m_rng_count = 0;
};

} // namespace mica::devmgr
