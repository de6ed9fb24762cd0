#include "disk_mount.h"

#include <fs/fat32/block_cache.h>
#include <fs/partition/partition_table.h>
#include <fs/partition/partition_view.h>
#include <mica/print.h>

namespace mica::vfs::disk {

namespace fat32 = fs::fat32;

namespace {

// Cache slots of 512-byte sectors: 256 (about 136 KiB of heap) keep a FAT walk and a
// directory's sectors resident; a volume with larger sectors gets proportionally fewer slots.
constexpr size_t kCacheBytes = fat32::BlockCache::memory_for(256, 512);
constexpr uint64_t kMaxDevices = 8;

// What one mounted volume keeps alive.
struct Disk {
    DriverBlockDevice* device;
    fs::PartitionView* partition; // nullptr: the volume is the whole device
    uint8_t* cache;
    fat32::Volume volume;
};

// Mounts the volume that fills `window` of the device; prints why not.
bool try_mount(Disk& disk, fs::BlockDevice& window, uint64_t index, const char* where) {
    auto mounted = disk.volume.mount(window, Span<uint8_t>(disk.cache, kCacheBytes),
                                     {.read_only = false, .clock = nullptr});
    if (mounted.is_error()) {
        println("vfs: /disk: block device {} {}: no FAT32 volume ({})", index, where,
                disk.volume.problem());
        return false;
    }
    return true;
}

// Looks on one device: its first FAT partition, else the whole device.
bool mount_on(Disk& disk, uint64_t index, MountedDisk& out) {
    DriverBlockDevice& device = *disk.device;
    fs::PartitionTable* table = new fs::PartitionTable;
    uint8_t* scratch = new uint8_t[device.block_size()];
    const char* reason = "";
    auto read = fs::read_partition_table(device, Span<uint8_t>(scratch, device.block_size()),
                                         *table, &reason);
    const fs::Partition* fat = read.is_ok() ? table->first_fat() : nullptr;
    if (read.is_error())
        println("vfs: /disk: block device {}: no partition table ({})", index, reason);
    bool mounted = false;
    if (fat) {
        auto view = fs::PartitionView::create(device, fat->first_block, fat->block_count);
        if (view.is_ok()) {
            disk.partition = new fs::PartitionView(view.value());
            mounted = try_mount(disk, *disk.partition, index, "partition");
            if (mounted) {
                out.first_block = fat->first_block;
                out.block_count = fat->block_count;
            }
        }
    }
    // A bare volume (a "superfloppy") has no table, or an MBR-looking boot sector.
    if (!mounted && (mounted = try_mount(disk, device, index, "as a whole"))) {
        out.first_block = 0;
        out.block_count = device.block_count();
    }
    delete[] scratch;
    delete table;
    return mounted;
}

} // namespace

bool mount_disk(abi::Handle devmgr, abi::IpcBuffer& ipc, MountedDisk& out) {
    for (uint64_t index = 0; index < kMaxDevices; ++index) {
        auto device = DriverBlockDevice::open(devmgr, index, ipc);
        if (device.is_error()) {
            if (device.error().status != abi::Status::NotFound)
                println("vfs: /disk: block device {}: {}", index, device.error());
            else if (index == 0)
                println("vfs: /disk: devmgr has no block device");
            if (device.error().status == abi::Status::NotFound)
                return false;
            continue;
        }
        auto* disk = new Disk{.device = device.value(),
                              .partition = nullptr,
                              .cache = new uint8_t[kCacheBytes],
                              .volume = {}};
        if (mount_on(*disk, index, out)) {
            fs::BlockDevice& window =
                disk->partition ? static_cast<fs::BlockDevice&>(*disk->partition) : *disk->device;
            out.fs = new FatFs(disk->volume, window, Span<uint8_t>(disk->cache, kCacheBytes),
                               *disk->device);
            out.device_index = index;
            return true;
        }
        delete disk->partition;
        delete[] disk->cache;
        delete disk->device;
        delete disk;
    }
    return false;
}

} // namespace mica::vfs::disk
