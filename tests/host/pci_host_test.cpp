// Finding the PCIe host bridge (user/devmgr/hw/pci_host.h) in the device trees QEMU's virt
// machines generate and in hand-built ACPI table blobs.

#include "test_files.h"

#include <devmgr/hw/dt_devices.h>
#include <devmgr/hw/interrupts.h>
#include <devmgr/hw/pci_host.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using namespace mica;
using namespace mica::devmgr;

namespace {

std::vector<uint8_t> qemu_dtb(const char* name) {
    return test::read_file(MICA_TEST_DATA_DIR, name);
}

// One ACPI table: the 36-byte header (signature, length) followed by `body`.
void append_table(std::vector<uint8_t>& blob, const char* signature,
                  const std::vector<uint8_t>& body) {
    while (blob.size() % 8)
        blob.push_back(0);
    size_t start = blob.size();
    blob.resize(start + 36, 0);
    std::memcpy(blob.data() + start, signature, 4);
    uint32_t length = uint32_t(36 + body.size());
    std::memcpy(blob.data() + start + 4, &length, 4);
    blob.insert(blob.end(), body.begin(), body.end());
}

std::vector<uint8_t> mcfg_body(uint64_t base, uint16_t segment, uint8_t first, uint8_t last) {
    std::vector<uint8_t> body(8 + 16, 0);
    std::memcpy(body.data() + 8, &base, 8);
    std::memcpy(body.data() + 16, &segment, 2);
    body[18] = first;
    body[19] = last;
    return body;
}

} // namespace

TEST(pci_host, aarch64_virt_device_tree) {
    std::vector<uint8_t> blob = qemu_dtb("qemu-aarch64-virt.dtb");
    ASSERT_FALSE(blob.empty());
    auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
    ASSERT_TRUE(fdt.is_ok());
    auto host = pci_host_from_device_tree(fdt.value());
    ASSERT_TRUE(host.is_ok());
    EXPECT_EQ(host.value().ecam_base, 0x40'1000'0000u); // highmem ECAM
    EXPECT_EQ(host.value().first_bus, 0);
    EXPECT_EQ(host.value().last_bus, 0xff);
    EXPECT_FALSE(host.value().firmware_assigned_bars);
    EXPECT_EQ(host.value().mem32.cpu_base, 0x1000'0000u);
    EXPECT_EQ(host.value().mem32.pci_base, 0x1000'0000u);
    EXPECT_EQ(host.value().mem32.size, 0x2eff'0000u);
    EXPECT_EQ(host.value().mem64.cpu_base, 0x80'0000'0000u);
    EXPECT_EQ(host.value().mem64.size, 0x80'0000'0000u);
    EXPECT_EQ(host.value().io.cpu_base, 0x3eff'0000u);
    EXPECT_EQ(host.value().io.pci_base, 0u);
    EXPECT_EQ(host.value().io.size, 0x1'0000u);
}

TEST(pci_host, riscv64_virt_device_tree) {
    std::vector<uint8_t> blob = qemu_dtb("qemu-riscv64-virt.dtb");
    ASSERT_FALSE(blob.empty());
    auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
    ASSERT_TRUE(fdt.is_ok());
    auto host = pci_host_from_device_tree(fdt.value());
    ASSERT_TRUE(host.is_ok());
    EXPECT_EQ(host.value().ecam_base, 0x3000'0000u);
    EXPECT_EQ(host.value().mem32.cpu_base, 0x4000'0000u);
    EXPECT_EQ(host.value().mem32.size, 0x4000'0000u);
    EXPECT_EQ(host.value().mem64.cpu_base, 0x4'0000'0000u);
    EXPECT_EQ(host.value().io.cpu_base, 0x300'0000u);
}

TEST(pci_host, device_tree_without_host_is_not_found) {
    std::vector<uint8_t> blob = qemu_dtb("fdt_basic.dtb");
    ASSERT_FALSE(blob.empty());
    auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
    ASSERT_TRUE(fdt.is_ok());
    auto host = pci_host_from_device_tree(fdt.value());
    ASSERT_TRUE(host.is_error());
    EXPECT_EQ(host.error(), Error::NotFound);
}

TEST(pci_host, acpi_mcfg_is_found_among_other_tables) {
    std::vector<uint8_t> blob;
    append_table(blob, "FACP", std::vector<uint8_t>(13, 0)); // odd length: next is padded
    append_table(blob, "MCFG", mcfg_body(0xb000'0000, 0, 0, 0xff));
    append_table(blob, "APIC", std::vector<uint8_t>(8, 0));
    auto host = pci_host_from_acpi(Bytes(blob.data(), blob.size()));
    ASSERT_TRUE(host.is_ok());
    EXPECT_EQ(host.value().ecam_base, 0xb000'0000u);
    EXPECT_EQ(host.value().last_bus, 0xff);
    EXPECT_TRUE(host.value().firmware_assigned_bars);
}

TEST(pci_host, acpi_errors) {
    std::vector<uint8_t> none;
    append_table(none, "APIC", {});
    auto missing = pci_host_from_acpi(Bytes(none.data(), none.size()));
    ASSERT_TRUE(missing.is_error());
    EXPECT_EQ(missing.error(), Error::NotFound);

    std::vector<uint8_t> backwards;
    append_table(backwards, "MCFG", mcfg_body(0xb000'0000, 0, 5, 4));
    auto bad = pci_host_from_acpi(Bytes(backwards.data(), backwards.size()));
    ASSERT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Error::Malformed);

    std::vector<uint8_t> overrun;
    append_table(overrun, "MCFG", mcfg_body(0xb000'0000, 0, 0, 0xff));
    uint32_t too_long = uint32_t(overrun.size() + 1);
    std::memcpy(overrun.data() + 4, &too_long, 4);
    auto cut = pci_host_from_acpi(Bytes(overrun.data(), overrun.size()));
    ASSERT_TRUE(cut.is_error());
    EXPECT_EQ(cut.error(), Error::Malformed);

    std::vector<uint8_t> other_segment;
    append_table(other_segment, "MCFG", mcfg_body(0xb000'0000, 1, 0, 0xff));
    auto elsewhere = pci_host_from_acpi(Bytes(other_segment.data(), other_segment.size()));
    ASSERT_TRUE(elsewhere.is_error());
    EXPECT_EQ(elsewhere.error(), Error::NotFound);
}

TEST(dt_devices, qemu_virt_machines) {
    for (const char* name : {"qemu-aarch64-virt.dtb", "qemu-riscv64-virt.dtb"}) {
        SCOPED_TRACE(name);
        std::vector<uint8_t> blob = qemu_dtb(name);
        ASSERT_FALSE(blob.empty());
        auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
        ASSERT_TRUE(fdt.is_ok());
        DtDevices devices;
        ASSERT_TRUE(collect_dt_devices(fdt.value(), devices).is_ok());
        bool riscv = std::string(name).find("riscv") != std::string::npos;
        size_t virtio_slots = 0;
        bool uart = false, rtc = false, pci_host = false;
        for (const DtDevice& device : devices) {
            std::string compatible = device.compatible;
            virtio_slots += device.is_virtio_mmio;
            uart = uart || (riscv ? compatible == "ns16550a" && device.base == 0x1000'0000
                                  : compatible == "arm,pl011" && device.base == 0x900'0000);
            rtc = rtc || (riscv ? compatible == "google,goldfish-rtc" && device.base == 0x10'1000
                                : compatible == "arm,pl031" && device.base == 0x901'0000);
            pci_host = pci_host || compatible == "pci-host-ecam-generic";
            EXPECT_NE(compatible, "riscv"); // CPUs are not devices on a bus
        }
        EXPECT_EQ(virtio_slots, riscv ? 8u : 32u);
        EXPECT_TRUE(uart);
        EXPECT_TRUE(rtc);
        EXPECT_FALSE(pci_host); // listed through its functions instead
    }
}

TEST(interrupts, qemu_virt_lines) {
    struct Case {
        const char* dtb;
        uint32_t uart_or_first_virtio_line; // the UART on aarch64 is SPI 1; riscv: virtio slot 1
        uint32_t slot1_inta;                // 00:01.0 INTA
        uint32_t slot2_inta;                // 00:02.0 INTA (swizzled by the device number)
    };
    // aarch64: SPIs 3..6 from interrupt-map, INTID = 32 + SPI; riscv64: PLIC sources 32..35.
    const Case cases[] = {{"qemu-aarch64-virt.dtb", 33, 36, 37},
                          {"qemu-riscv64-virt.dtb", 1, 33, 34}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.dtb);
        std::vector<uint8_t> blob = qemu_dtb(c.dtb);
        ASSERT_FALSE(blob.empty());
        auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
        ASSERT_TRUE(fdt.is_ok());
        auto host = find_pci_host_node(fdt.value());
        ASSERT_TRUE(host.has_value());
        auto slot1 = pci_intx_line(fdt.value(), host.value(), {0, 1, 0}, 1);
        ASSERT_TRUE(slot1.is_ok());
        EXPECT_EQ(slot1.value(), c.slot1_inta);
        auto slot2 = pci_intx_line(fdt.value(), host.value(), {0, 2, 0}, 1);
        ASSERT_TRUE(slot2.is_ok());
        EXPECT_EQ(slot2.value(), c.slot2_inta);
        EXPECT_TRUE(pci_intx_line(fdt.value(), host.value(), {0, 1, 0}, 0).is_error());
        EXPECT_TRUE(pci_intx_line(fdt.value(), host.value(), {0, 1, 0}, 5).is_error());

        DtDevices devices;
        ASSERT_TRUE(collect_dt_devices(fdt.value(), devices).is_ok());
        bool riscv = std::string(c.dtb).find("riscv") != std::string::npos;
        bool found = false;
        for (const DtDevice& device : devices) {
            if (riscv ? device.base == 0x1000'1000 : device.base == 0x900'0000) {
                EXPECT_EQ(device.interrupt_line, c.uart_or_first_virtio_line);
                found = true;
            }
            if (!riscv && device.base == 0xa00'0000)
                EXPECT_EQ(device.interrupt_line, 32u + 16u); // <0 16 1>
        }
        EXPECT_TRUE(found);
    }
}
