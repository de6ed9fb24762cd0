// Which interrupt line the console service claims for a device tree node
// (user/console/dtb_interrupt.cpp), on QEMU's own trees and on hand-written specifiers.

#include <console/dtb_interrupt.h>
#include <platform/dtb.h>

#include <gtest/gtest.h>

#include <vector>

#include "../fdt_test_data.h"

namespace mica::console {
namespace {

struct Tree {
    explicit Tree(const char* name) : blob(test::load_blob(name)) {}
    Result<uint32_t> line_of(const char* path) const {
        auto fdt = Fdt::parse(blob.data(), blob.size());
        if (fdt.is_error())
            return fdt.error();
        auto node = fdt.value().find_node(path);
        if (!node)
            return Error::NotFound;
        return dtb_interrupt_line(fdt.value(), node.value());
    }
    Result<uint32_t> console_line() const {
        auto fdt = Fdt::parse(blob.data(), blob.size());
        if (fdt.is_error())
            return fdt.error();
        auto node = platform::find_console_node(fdt.value());
        if (node.is_error())
            return node.error();
        return dtb_interrupt_line(fdt.value(), node.value());
    }
    std::vector<uint8_t> blob;
};

TEST(DtbInterrupt, QemuAarch64Pl011IsSpi1) {
    for (const char* file : {test::kQemuAarch64, test::kQemuAarch64Gic3}) {
        Tree tree(file);
        ASSERT_FALSE(tree.blob.empty()) << file;
        auto line = tree.console_line();
        ASSERT_TRUE(line.is_ok()) << file;
        EXPECT_EQ(line.value(), 33u) << file;
    }
}

TEST(DtbInterrupt, QemuRiscv64UartIsPlicSource10) {
    Tree tree(test::kQemuRiscv64);
    ASSERT_FALSE(tree.blob.empty());
    auto line = tree.console_line();
    ASSERT_TRUE(line.is_ok());
    EXPECT_EQ(line.value(), 10u);
}

TEST(DtbInterrupt, GicSpiAndPpiAreNumberedAsInterruptIds) {
    Tree tree("console_interrupts.dtb");
    ASSERT_FALSE(tree.blob.empty());
    auto spi = tree.line_of("/spi@1000"); // the parent comes from the root
    ASSERT_TRUE(spi.is_ok());
    EXPECT_EQ(spi.value(), 32u + 5);
    auto ppi = tree.line_of("/ppi@2000");
    ASSERT_TRUE(ppi.is_ok());
    EXPECT_EQ(ppi.value(), 16u + 9);
}

TEST(DtbInterrupt, PlicSourcesAreUsedAsTheyAre) {
    Tree tree("console_interrupts.dtb");
    auto line = tree.line_of("/plic-device@3000");
    ASSERT_TRUE(line.is_ok());
    EXPECT_EQ(line.value(), 10u);
}

TEST(DtbInterrupt, WhatItCannotDecodeIsAnError) {
    Tree tree("console_interrupts.dtb");
    auto mystery = tree.line_of("/mystery@4000");
    ASSERT_TRUE(mystery.is_error());
    EXPECT_EQ(mystery.error(), Error::Unsupported);
    auto short_property = tree.line_of("/short@5000");
    ASSERT_TRUE(short_property.is_error());
    EXPECT_EQ(short_property.error(), Error::Malformed);
    auto quiet = tree.line_of("/quiet@6000");
    ASSERT_TRUE(quiet.is_error());
    EXPECT_EQ(quiet.error(), Error::NotFound);
}

} // namespace
} // namespace mica::console
