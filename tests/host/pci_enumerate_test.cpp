// PCI enumeration, BAR sizing and assignment (user/devmgr/hw/pci_enumerate.h) and the device
// list text, over a fake configuration space that behaves like hardware: absent functions read
// as all ones, BARs keep only their writable address bits.

#include <devmgr/hw/device_list.h>
#include <devmgr/hw/pci_enumerate.h>
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <tuple>

using namespace mica;
using namespace mica::devmgr;

namespace {

struct FakeFunction {
    uint32_t words[64] = {};
    uint64_t bar_size[6] = {}; // 0: BAR not implemented; for a 64-bit BAR, in the low slot
    uint32_t bar_flags[6] = {};
};

class FakeConfig final : public ConfigSpace {
public:
    FakeFunction& add(uint8_t bus, uint8_t device, uint8_t fn, uint16_t vendor, uint16_t id,
                      uint32_t class_word = 0, uint8_t header = 0) {
        FakeFunction& f = m_functions[{bus, device, fn}];
        f.words[0] = uint32_t(id) << 16 | vendor;
        f.words[2] = class_word;
        f.words[3] = uint32_t(header) << 16;
        return f;
    }
    void bar(FakeFunction& f, unsigned index, uint64_t size, uint32_t flags) {
        f.bar_size[index] = size;
        f.bar_flags[index] = flags;
        f.words[4 + index] = flags;
    }

    uint32_t read32(PciAddress a, uint16_t offset) override {
        auto it = m_functions.find({a.bus, a.device, a.function});
        ++reads;
        if (it == m_functions.end() || offset >= 256)
            return ~0u;
        return it->second.words[offset / 4];
    }
    void write32(PciAddress a, uint16_t offset, uint32_t value) override {
        auto it = m_functions.find({a.bus, a.device, a.function});
        if (it == m_functions.end() || offset >= 256)
            return;
        FakeFunction& f = it->second;
        unsigned word = offset / 4;
        if (word >= 4 && word < 10) {
            unsigned index = word - 4;
            bool upper = index > 0 && f.bar_size[index] == 0 &&
                         (f.bar_flags[index - 1] & pci::kBarTypeMask) == pci::kBarType64;
            if (upper) {
                uint64_t mask = ~(f.bar_size[index - 1] - 1);
                f.words[word] = value & uint32_t(mask >> 32);
            } else if (f.bar_size[index] == 0) {
                f.words[word] = 0;
            } else {
                uint64_t mask = ~(f.bar_size[index] - 1);
                f.words[word] = (value & uint32_t(mask) & ~0xfu) | f.bar_flags[index];
            }
            return;
        }
        f.words[word] = value;
    }

    uint32_t word(int bus, int device, int fn, int index) {
        return m_functions[{bus, device, fn}].words[index];
    }

    std::map<std::tuple<int, int, int>, FakeFunction> m_functions;
    int reads = 0;
};

PciHost dt_host() {
    PciHost host;
    host.ecam_base = 0x3000'0000;
    host.last_bus = 0xff;
    host.mem32 = {0x4000'0000, 0x4000'0000, 0x4000'0000, false};
    host.mem64 = {0x4'0000'0000, 0x4'0000'0000, 0x4'0000'0000, true};
    return host;
}

} // namespace

TEST(pci_enumerate, finds_functions_multifunction_and_bridges) {
    FakeConfig config;
    config.add(0, 0, 0, 0x1b36, 0x0008, 0x06000000);
    config.add(0, 1, 0, 0x1af4, 0x1042, 0x01000000);
    config.add(0, 2, 0, 0x8086, 0x2918, 0x06010000, pci::kHeaderMultifunction);
    config.add(0, 2, 3, 0x8086, 0x2930, 0x0c050000);
    config.add(0, 3, 1, 0x1234, 0x1111); // function 1 without function 0: not a device
    FakeFunction& bridge = config.add(0, 4, 0, 0x1b36, 0x000c, 0x06040000, pci::kHeaderBridge);
    bridge.words[pci::kPrimaryBus / 4] = 0x00ff0100; // secondary 1, subordinate 0xff
    config.add(1, 0, 0, 0x1af4, 0x1044, 0x00ff0000);

    PciFunctions functions;
    ASSERT_TRUE(enumerate_pci(config, dt_host(), functions).is_ok());
    ASSERT_EQ(functions.size(), 6u);
    EXPECT_EQ(functions[1].device, 0x1042);
    EXPECT_EQ(functions[1].class_code, 0x01);
    EXPECT_EQ(functions[3].address.function, 3);
    EXPECT_EQ(functions[4].header_type, pci::kHeaderBridge);
    EXPECT_EQ(functions[5].address.bus, 1);
    EXPECT_EQ(functions[5].device, 0x1044);
}

TEST(pci_enumerate, sizes_and_assigns_bars_from_the_windows) {
    FakeConfig config;
    FakeFunction& f = config.add(0, 1, 0, 0x1af4, 0x1042, 0x01000000);
    config.bar(f, 1, 0x1000, 0);                                       // 32-bit, 4 KiB
    config.bar(f, 4, 0x4000, pci::kBarType64 | pci::kBarPrefetchable); // 64-bit, 16 KiB
    config.bar(f, 0, 0x40, pci::kBarIo);                               // I/O: left alone
    f.words[1] = pci::kCommandMemorySpace; // sizing must restore the command register

    PciFunctions functions;
    ASSERT_TRUE(enumerate_pci(config, dt_host(), functions).is_ok());
    ASSERT_EQ(functions.size(), 1u);
    PciFunction& found = functions[0];
    EXPECT_EQ(found.bars[0].kind, BarKind::Io);
    EXPECT_EQ(found.bars[0].size, 0x40u);
    EXPECT_EQ(found.bars[1].kind, BarKind::Mem32);
    EXPECT_EQ(found.bars[1].size, 0x1000u);
    EXPECT_EQ(found.bars[4].kind, BarKind::Mem64);
    EXPECT_TRUE(found.bars[4].prefetchable);
    EXPECT_EQ(found.bars[4].size, 0x4000u);
    EXPECT_EQ(found.bars[5].kind, BarKind::None); // the upper half of BAR 4
    EXPECT_EQ(config.word(0, 1, 0, 1) & 0xffff, pci::kCommandMemorySpace);

    BarAllocator allocator(dt_host());
    ASSERT_TRUE(allocator.assign(config, found).is_ok());
    EXPECT_EQ(found.bars[1].pci_address, 0x4000'0000u);
    EXPECT_EQ(found.bars[4].pci_address, 0x4'0000'0000u);
    EXPECT_EQ(found.bars[4].cpu_address, 0x4'0000'0000u);
    // The BARs now hold the addresses (with their flag bits).
    EXPECT_EQ(config.word(0, 1, 0, 5), 0x4000'0000u);
    EXPECT_EQ(config.word(0, 1, 0, 8), pci::kBarType64 | pci::kBarPrefetchable);
    EXPECT_EQ(config.word(0, 1, 0, 9), 0x4u);

    enable_memory_and_bus_master(config, found);
    EXPECT_EQ(config.word(0, 1, 0, 1) & 0xffff, pci::kCommandMemorySpace | pci::kCommandBusMaster);
}

TEST(pci_enumerate, an_exhausted_window_is_an_error_and_alignment_is_kept) {
    PciHost host = dt_host();
    host.mem64 = {};
    host.mem32.size = 0x3000;
    FakeConfig config;
    FakeFunction& f = config.add(0, 0, 0, 0x1af4, 0x1042);
    config.bar(f, 0, 0x1000, 0);
    config.bar(f, 1, 0x2000, 0);
    config.bar(f, 2, 0x1000, 0);
    PciFunctions functions;
    ASSERT_TRUE(enumerate_pci(config, host, functions).is_ok());
    BarAllocator allocator(host);
    auto assigned = allocator.assign(config, functions[0]);
    ASSERT_TRUE(assigned.is_error()); // 0x1000 + (align to 0x2000) 0x2000 = 0x4000 > 0x3000
    EXPECT_EQ(assigned.error(), Error::NoMemory);
    EXPECT_EQ(functions[0].bars[0].pci_address, 0x4000'0000u);
}

TEST(pci_enumerate, firmware_assigned_bars_are_kept) {
    PciHost host;
    host.firmware_assigned_bars = true;
    host.last_bus = 0;
    FakeConfig config;
    FakeFunction& f = config.add(0, 3, 0, 0x1af4, 0x1042);
    config.bar(f, 4, 0x4000, pci::kBarType64);
    f.words[8] = 0xfebf'0000u | pci::kBarType64; // as SeaBIOS left it
    PciFunctions functions;
    ASSERT_TRUE(enumerate_pci(config, host, functions).is_ok());
    BarAllocator allocator(host);
    ASSERT_TRUE(allocator.assign(config, functions[0]).is_ok());
    EXPECT_EQ(functions[0].bars[4].cpu_address, 0xfebf'0000u);
    EXPECT_EQ(config.word(0, 3, 0, 8), 0xfebf'0000u | pci::kBarType64);
}

TEST(pci_enumerate, too_many_functions_is_full) {
    FakeConfig config;
    for (uint8_t bus = 0; bus < 3; ++bus)
        for (uint8_t device = 0; device < 32; ++device)
            config.add(bus, device, 0, 0x1af4, 0x1042);
    for (uint8_t bus = 0; bus < 2; ++bus) { // bridges at device 31 chain the buses
        FakeFunction& bridge = config.add(bus, 31, 0, 0x1b36, 0x000c, 0, pci::kHeaderBridge);
        bridge.words[pci::kPrimaryBus / 4] = uint32_t(bus + 1) << 8;
    }
    PciFunctions functions;
    auto result = enumerate_pci(config, dt_host(), functions);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Full);
    EXPECT_EQ(functions.size(), kMaxPciFunctions);
}

TEST(device_list, has_one_stable_line_per_device) {
    PciFunctions pci;
    PciFunction blk;
    blk.address = {0, 2, 0};
    blk.vendor = 0x1af4;
    blk.device = 0x1042;
    blk.class_code = 1;
    ASSERT_TRUE(pci.try_append(blk).is_ok());
    DtDevices dt;
    DtDevice uart;
    std::strcpy(uart.name, "pl011@9000000");
    std::strcpy(uart.compatible, "arm,pl011");
    uart.base = 0x900'0000;
    ASSERT_TRUE(dt.try_append(uart).is_ok());
    DtDevice empty_slot;
    empty_slot.is_virtio_mmio = true;
    empty_slot.base = 0xa00'0000;
    ASSERT_TRUE(dt.try_append(empty_slot).is_ok());
    DtDevice rng = empty_slot;
    rng.base = 0xa00'3e00;
    rng.virtio_id = 4;
    rng.virtio_version = 2;
    ASSERT_TRUE(dt.try_append(rng).is_ok());
    DtDevice legacy = rng;
    legacy.base = 0xa00'3c00;
    legacy.virtio_id = 2;
    legacy.virtio_version = 1;
    ASSERT_TRUE(dt.try_append(legacy).is_ok());

    char text[512];
    BufferSink sink(text, sizeof text);
    format_device_list(sink, pci, dt);
    EXPECT_EQ(std::string(sink.view().data(), sink.view().length()),
              "pci 00:02.0 1af4:1042 class 01.00.00 virtio-blk\n"
              "mmio 0x09000000 arm,pl011 pl011@9000000\n"
              "mmio 0x0a003e00 virtio,mmio virtio-rng\n"
              "mmio 0x0a003c00 virtio,mmio virtio-blk legacy\n");
}
