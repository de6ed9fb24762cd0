// Tests of the hardware-free half of kernel/platform/dtb: which UART the device tree names as
// the console, how to drive it, and how many CPUs there are.

#include <platform/dtb.h>

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "fdt_test_data.h"

namespace mica::platform {
namespace {

using test::load_blob;

class Tree {
public:
    explicit Tree(const char* name) : m_blob(load_blob(name)) {
        EXPECT_FALSE(m_blob.empty()) << "missing " << name;
        auto fdt = Fdt::parse(m_blob.data(), m_blob.size());
        EXPECT_TRUE(fdt.is_ok()) << name;
        if (fdt.is_ok())
            m_fdt.emplace(fdt.value());
    }
    const Fdt& fdt() const { return *m_fdt; }
    bool ok() const { return m_fdt.has_value(); }

private:
    std::vector<uint8_t> m_blob;
    std::optional<Fdt> m_fdt;
};

Result<DtbUart> console_of(const char* name) {
    Tree tree(name);
    if (!tree.ok())
        return Error::InvalidArgument;
    return find_console_uart(tree.fdt());
}

TEST(DtbConsole, QemuAarch64IsPl011) {
    for (const char* file : {test::kQemuAarch64, test::kQemuAarch64Gic3}) {
        auto uart = console_of(file);
        ASSERT_TRUE(uart.is_ok()) << file;
        EXPECT_EQ(uart.value().kind, DtbUart::Kind::Pl011);
        EXPECT_EQ(uart.value().base, 0x9000000u);
        EXPECT_EQ(uart.value().size, 0x1000u);
    }
}

TEST(DtbConsole, QemuRiscv64IsNs16550) {
    auto uart = console_of(test::kQemuRiscv64);
    ASSERT_TRUE(uart.is_ok());
    EXPECT_EQ(uart.value().kind, DtbUart::Kind::Ns16550);
    EXPECT_EQ(uart.value().base, 0x10000000u);
    EXPECT_EQ(uart.value().size, 0x100u);
    EXPECT_EQ(uart.value().reg_shift, 0);
    EXPECT_EQ(uart.value().reg_io_width, 1);
}

TEST(DtbConsole, AliasWithOptionsBehindTranslatingBus) {
    // stdout-path = "serial1:115200n8"; the bus maps 0x7e000000 to 0xfe000000.
    auto uart = console_of("console_ns16550.dtb");
    ASSERT_TRUE(uart.is_ok()) << error_name(uart.error());
    EXPECT_EQ(uart.value().kind, DtbUart::Kind::Ns16550);
    EXPECT_EQ(uart.value().base, 0xfe215040u);
    EXPECT_EQ(uart.value().size, 0x40u);
    EXPECT_EQ(uart.value().reg_shift, 2);
    EXPECT_EQ(uart.value().reg_io_width, 4);
}

TEST(DtbConsole, FallsBackToLinuxStdoutPathThenSerial0) {
    auto legacy = console_of("console_fallbacks.dtb");
    ASSERT_TRUE(legacy.is_ok());
    EXPECT_EQ(legacy.value().kind, DtbUart::Kind::Pl011);
    EXPECT_EQ(legacy.value().base, 0x9000000u);

    auto alias = console_of("console_serial0.dtb");
    ASSERT_TRUE(alias.is_ok());
    EXPECT_EQ(alias.value().kind, DtbUart::Kind::Ns16550);
    EXPECT_EQ(alias.value().base, 0x10000000u);
    EXPECT_EQ(alias.value().reg_shift, 2);
    EXPECT_EQ(alias.value().reg_io_width, 4);
}

TEST(DtbConsole, UnusableConsolesAreErrors) {
    EXPECT_EQ(console_of("console_unknown.dtb").error(), Error::Unsupported);
    EXPECT_EQ(console_of("console_disabled.dtb").error(), Error::Unsupported);
    EXPECT_EQ(console_of("console_wide_io.dtb").error(), Error::Unsupported);
    EXPECT_EQ(console_of("console_dangling.dtb").error(), Error::NotFound);
    EXPECT_EQ(console_of("boot_u32.dtb").error(), Error::NotFound); // names no console
}

TEST(DtbCpus, Count) {
    for (const char* file : {test::kQemuAarch64, test::kQemuAarch64Gic3, test::kQemuRiscv64}) {
        Tree tree(file);
        ASSERT_TRUE(tree.ok());
        auto count = count_cpu_nodes(tree.fdt());
        ASSERT_TRUE(count.is_ok()) << file;
        EXPECT_EQ(count.value(), 4u) << file;
    }
    Tree basic("fdt_basic.dtb"); // four cpu nodes, one disabled
    ASSERT_TRUE(basic.ok());
    EXPECT_EQ(count_cpu_nodes(basic.fdt()).value_or(0), 3u);
    Tree none("boot_u32.dtb");
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(count_cpu_nodes(none.fdt()).error(), Error::NotFound);
}

} // namespace
} // namespace mica::platform
