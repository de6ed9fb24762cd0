// Tests of kernel/lib/fdt: dtc-compiled trees and QEMU's own trees must read back as written;
// hand-built malformed blobs must each give an error (and never a crash or an out-of-bounds
// read: run under AddressSanitizer to make that visible).

#include <lib/fdt.h>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "fdt_test_data.h"

namespace mica {
namespace {

using test::load_blob;

std::string str(StringView view) { return std::string(view.data(), view.length()); }

bool operator==(const Optional<FdtNode>& found, const FdtNode& expected) {
    return found.has_value() && found.value() == expected;
}

Fdt parse_or_die(const std::vector<uint8_t>& blob) {
    auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
    EXPECT_TRUE(fdt.is_ok()) << (fdt.is_ok() ? "" : error_name(fdt.error()));
    if (!fdt.is_ok())
        abort();
    return fdt.value();
}

// --- A tiny blob writer, so each malformation can be made exactly -------------------------

class BlobBuilder {
public:
    void begin_node(const std::string& name) {
        put32(structure, fdt::kBeginNode);
        put_bytes(structure, name.data(), name.size());
        structure.push_back(0);
        pad4(structure);
    }
    void end_node() { put32(structure, fdt::kEndNode); }
    void nop() { put32(structure, fdt::kNop); }
    void end() { put32(structure, fdt::kEnd); }
    void property(const std::string& name, const std::vector<uint8_t>& value) {
        put32(structure, fdt::kProperty);
        put32(structure, uint32_t(value.size()));
        put32(structure, string_offset(name));
        put_bytes(structure, value.data(), value.size());
        pad4(structure);
    }
    void property_u32(const std::string& name, uint32_t value) {
        std::vector<uint8_t> bytes;
        put32(bytes, value);
        property(name, bytes);
    }
    void raw32(uint32_t value) { put32(structure, value); }
    void reserve(uint64_t address, uint64_t size) { reservations.push_back({address, size}); }

    // Header fields as build() lays them out, for tests to corrupt afterwards.
    static constexpr size_t kTotalSize = 4, kStructOffset = 8, kStringsOffset = 12,
                            kReservationsOffset = 16, kVersion = 20, kLastCompatible = 24,
                            kStringsSize = 32, kStructSize = 36;

    std::vector<uint8_t> build(uint32_t version = 17) const {
        std::vector<uint8_t> blob(Fdt::kHeaderSize);
        uint32_t reservations_offset = uint32_t(blob.size());
        for (auto [address, size] : reservations) {
            put64(blob, address);
            put64(blob, size);
        }
        put64(blob, 0);
        put64(blob, 0);
        uint32_t struct_offset = uint32_t(blob.size());
        blob.insert(blob.end(), structure.begin(), structure.end());
        uint32_t strings_offset = uint32_t(blob.size());
        blob.insert(blob.end(), strings.begin(), strings.end());

        set32(blob, 0, Fdt::kMagic);
        set32(blob, kTotalSize, uint32_t(blob.size()));
        set32(blob, kStructOffset, struct_offset);
        set32(blob, kStringsOffset, strings_offset);
        set32(blob, kReservationsOffset, reservations_offset);
        set32(blob, kVersion, version);
        set32(blob, kLastCompatible, 16);
        set32(blob, 28, 0);
        set32(blob, kStringsSize, uint32_t(strings.size()));
        set32(blob, kStructSize, uint32_t(structure.size()));
        return blob;
    }

    static void set32(std::vector<uint8_t>& blob, size_t offset, uint32_t value) {
        for (int i = 0; i < 4; ++i)
            blob[offset + i] = uint8_t(value >> (24 - 8 * i));
    }

    std::vector<uint8_t> structure;
    std::vector<uint8_t> strings;

private:
    static void put32(std::vector<uint8_t>& out, uint32_t value) {
        for (int i = 0; i < 4; ++i)
            out.push_back(uint8_t(value >> (24 - 8 * i)));
    }
    static void put64(std::vector<uint8_t>& out, uint64_t value) {
        put32(out, uint32_t(value >> 32));
        put32(out, uint32_t(value));
    }
    static void put_bytes(std::vector<uint8_t>& out, const void* data, size_t size) {
        auto bytes = static_cast<const uint8_t*>(data);
        out.insert(out.end(), bytes, bytes + size);
    }
    static void pad4(std::vector<uint8_t>& out) {
        while (out.size() % 4)
            out.push_back(0);
    }
    uint32_t string_offset(const std::string& name) {
        std::string all(strings.begin(), strings.end());
        size_t at = all.find(name + '\0');
        if (at != std::string::npos)
            return uint32_t(at);
        uint32_t offset = uint32_t(strings.size());
        put_bytes(strings, name.c_str(), name.size() + 1);
        return offset;
    }

    std::vector<std::pair<uint64_t, uint64_t>> reservations;
};

// A small valid tree: / { a = <1>; child { b = "x"; }; };
BlobBuilder minimal_tree() {
    BlobBuilder b;
    b.begin_node("");
    b.property_u32("a", 1);
    b.begin_node("child");
    b.property("b", {'x', 0});
    b.end_node();
    b.end_node();
    b.end();
    return b;
}

Error parse_error(const std::vector<uint8_t>& blob) {
    auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
    EXPECT_TRUE(fdt.is_error());
    return fdt.is_error() ? fdt.error() : Error::InvalidArgument;
}

// --- Header and structure validation ---------------------------------------------------------

TEST(FdtParse, MinimalTreeParses) {
    auto blob = minimal_tree().build();
    Fdt fdt = parse_or_die(blob);
    EXPECT_EQ(fdt.version(), 17u);
    EXPECT_EQ(fdt.total_size(), blob.size());
    EXPECT_EQ(fdt.root().property_u32("a").value_or(0), 1u);
    auto child = fdt.find_node("/child");
    ASSERT_TRUE(child.has_value());
    EXPECT_EQ(str(child->property_string("b").value_or("")), "x");
}

TEST(FdtParse, Version16WithoutStructSizeParses) {
    auto blob = minimal_tree().build(16);
    BlobBuilder::set32(blob, BlobBuilder::kStructSize, 0xdeadbeef); // not a v16 field
    EXPECT_TRUE(Fdt::parse(Bytes(blob.data(), blob.size())).is_ok());
}

TEST(FdtParse, NopsAreSkippedEverywhere) {
    BlobBuilder b;
    b.nop();
    b.begin_node("");
    b.nop();
    b.property_u32("a", 7);
    b.nop();
    b.begin_node("child");
    b.nop();
    b.end_node();
    b.nop();
    b.end_node();
    b.nop();
    b.end();
    auto blob = b.build();
    Fdt fdt = parse_or_die(blob);
    EXPECT_EQ(fdt.root().property_u32("a").value_or(0), 7u);
    EXPECT_TRUE(fdt.find_node("/child").has_value());
    int children = 0;
    for (FdtNode node : fdt.root().children()) {
        EXPECT_EQ(str(node.name()), "child");
        ++children;
    }
    EXPECT_EQ(children, 1);
}

TEST(FdtParse, BadMagic) {
    auto blob = minimal_tree().build();
    blob[0] ^= 1;
    EXPECT_EQ(parse_error(blob), Error::Malformed);
}

TEST(FdtParse, ShorterThanHeader) {
    auto blob = minimal_tree().build();
    blob.resize(Fdt::kHeaderSize - 1);
    EXPECT_EQ(parse_error(blob), Error::Truncated);
    EXPECT_EQ(Fdt::parse(blob.data(), blob.size()).error(), Error::Truncated);
    EXPECT_EQ(Fdt::parse(nullptr, 4096).error(), Error::Truncated);
}

TEST(FdtParse, TotalSizeLargerThanBuffer) {
    auto blob = minimal_tree().build();
    blob.pop_back();
    EXPECT_EQ(parse_error(blob), Error::Truncated);
    // The pointer form must not read past max_size either.
    EXPECT_EQ(Fdt::parse(blob.data(), blob.size()).error(), Error::Truncated);
}

TEST(FdtParse, TotalSizeSmallerThanHeader) {
    auto blob = minimal_tree().build();
    BlobBuilder::set32(blob, BlobBuilder::kTotalSize, 8);
    EXPECT_EQ(parse_error(blob), Error::Malformed);
}

TEST(FdtParse, PointerFormReadsTotalSize) {
    auto blob = minimal_tree().build();
    size_t total = blob.size();
    blob.resize(total + 4096, 0xee); // slack after the blob, as in a fixed-size boot buffer
    auto fdt = Fdt::parse(blob.data(), blob.size());
    ASSERT_TRUE(fdt.is_ok());
    EXPECT_EQ(fdt.value().total_size(), total);
}

TEST(FdtParse, UnsupportedVersions) {
    auto old_blob = minimal_tree().build(15);
    EXPECT_EQ(parse_error(old_blob), Error::Unsupported);
    auto future = minimal_tree().build();
    BlobBuilder::set32(future, BlobBuilder::kLastCompatible, 18);
    EXPECT_EQ(parse_error(future), Error::Unsupported);
    // A newer version that stays compatible with 17 is fine.
    auto newer = minimal_tree().build(18);
    EXPECT_TRUE(Fdt::parse(Bytes(newer.data(), newer.size())).is_ok());
}

TEST(FdtParse, BlocksOutsideTotalSize) {
    auto blob = minimal_tree().build();
    auto broken = blob;
    BlobBuilder::set32(broken, BlobBuilder::kStructSize, uint32_t(blob.size()));
    EXPECT_EQ(parse_error(broken), Error::Truncated);
    broken = blob;
    BlobBuilder::set32(broken, BlobBuilder::kStringsOffset, 0xfffffff0);
    EXPECT_EQ(parse_error(broken), Error::Truncated);
    broken = blob;
    BlobBuilder::set32(broken, BlobBuilder::kStringsSize, 0xffffffff);
    EXPECT_EQ(parse_error(broken), Error::Truncated);
    broken = blob;
    BlobBuilder::set32(broken, BlobBuilder::kStructOffset, 0xfffffffc);
    EXPECT_EQ(parse_error(broken), Error::Truncated);
}

TEST(FdtParse, Misaligned) {
    auto blob = minimal_tree().build();
    auto broken = blob;
    BlobBuilder::set32(broken, BlobBuilder::kStructOffset, 58); // 2 mod 4
    EXPECT_EQ(parse_error(broken), Error::Malformed);
    broken = blob;
    BlobBuilder::set32(broken, BlobBuilder::kReservationsOffset, 44); // 4 mod 8
    EXPECT_EQ(parse_error(broken), Error::Malformed);
}

TEST(FdtParse, ReservationBlockWithoutTerminator) {
    BlobBuilder b = minimal_tree();
    auto blob = b.build();
    // Point the reservation block near the end: fewer than 16 bytes follow, no terminator.
    BlobBuilder::set32(blob, BlobBuilder::kReservationsOffset, uint32_t(blob.size() - 8) & ~7u);
    EXPECT_EQ(parse_error(blob), Error::Truncated);
}

TEST(FdtParse, StringOffsetOutOfRange) {
    BlobBuilder b;
    b.begin_node("");
    b.property_u32("a", 1);
    b.end_node();
    b.end();
    auto blob = b.build();
    // The property's name offset is the third word of its token.
    uint32_t struct_offset = 40 + 16;
    size_t name_field = struct_offset + 8 + 12 - 4; // after begin token + "" padded, tag, len
    BlobBuilder::set32(blob, name_field, 2);        // == strings size ("a\0"): one past the end
    EXPECT_EQ(parse_error(blob), Error::Malformed);
    BlobBuilder::set32(blob, name_field, 0x7fffffff);
    EXPECT_EQ(parse_error(blob), Error::Malformed);
}

TEST(FdtParse, UnterminatedPropertyName) {
    BlobBuilder b;
    b.begin_node("");
    b.property_u32("abc", 1);
    b.end_node();
    b.end();
    auto blob = b.build();
    // Cut the strings block before the name's NUL.
    BlobBuilder::set32(blob, BlobBuilder::kStringsSize, 3);
    EXPECT_EQ(parse_error(blob), Error::Malformed);
}

TEST(FdtParse, UnterminatedNodeName) {
    BlobBuilder b;
    b.begin_node("");
    b.raw32(fdt::kBeginNode);
    b.raw32(0x41414141); // "AAAA" and the block ends: no NUL
    auto blob = b.build();
    EXPECT_EQ(parse_error(blob), Error::Malformed);
}

TEST(FdtParse, NamedRootOrNamelessChild) {
    BlobBuilder named;
    named.begin_node("root");
    named.end_node();
    named.end();
    EXPECT_EQ(parse_error(named.build()), Error::Malformed);

    BlobBuilder nameless;
    nameless.begin_node("");
    nameless.begin_node("");
    nameless.end_node();
    nameless.end_node();
    nameless.end();
    EXPECT_EQ(parse_error(nameless.build()), Error::Malformed);
}

TEST(FdtParse, UnbalancedNodes) {
    BlobBuilder missing_end;
    missing_end.begin_node("");
    missing_end.begin_node("child");
    missing_end.end_node();
    missing_end.end();
    EXPECT_EQ(parse_error(missing_end.build()), Error::Malformed);

    BlobBuilder extra_end;
    extra_end.begin_node("");
    extra_end.end_node();
    extra_end.end_node();
    extra_end.end();
    EXPECT_EQ(parse_error(extra_end.build()), Error::Malformed);

    BlobBuilder only_end;
    only_end.end();
    EXPECT_EQ(parse_error(only_end.build()), Error::Malformed);

    BlobBuilder two_roots;
    two_roots.begin_node("");
    two_roots.end_node();
    two_roots.begin_node("");
    two_roots.end_node();
    two_roots.end();
    EXPECT_EQ(parse_error(two_roots.build()), Error::Malformed);
}

TEST(FdtParse, MissingEndToken) {
    BlobBuilder b;
    b.begin_node("");
    b.end_node();
    EXPECT_EQ(parse_error(b.build()), Error::Truncated);
}

TEST(FdtParse, PropertyLengthPastTheEnd) {
    BlobBuilder b;
    b.begin_node("");
    b.raw32(fdt::kProperty);
    b.raw32(0x1000); // far more than the block holds
    b.raw32(0);
    b.end_node();
    b.end();
    b.strings = {'a', 0};
    EXPECT_EQ(parse_error(b.build()), Error::Truncated);

    BlobBuilder huge;
    huge.begin_node("");
    huge.raw32(fdt::kProperty);
    huge.raw32(0xfffffffc); // would wrap a 32-bit offset
    huge.raw32(0);
    huge.end_node();
    huge.end();
    huge.strings = {'a', 0};
    EXPECT_EQ(parse_error(huge.build()), Error::Truncated);
}

TEST(FdtParse, PropertyOutsideNodeOrAfterChild) {
    BlobBuilder outside;
    outside.property_u32("a", 1);
    outside.begin_node("");
    outside.end_node();
    outside.end();
    EXPECT_EQ(parse_error(outside.build()), Error::Malformed);

    BlobBuilder after_child;
    after_child.begin_node("");
    after_child.begin_node("child");
    after_child.end_node();
    after_child.property_u32("late", 1);
    after_child.end_node();
    after_child.end();
    EXPECT_EQ(parse_error(after_child.build()), Error::Malformed);
}

TEST(FdtParse, UnknownToken) {
    BlobBuilder b;
    b.begin_node("");
    b.raw32(5);
    b.end_node();
    b.end();
    EXPECT_EQ(parse_error(b.build()), Error::Malformed);
}

TEST(FdtParse, DepthLimit) {
    for (size_t depth : {fdt::kMaxDepth, fdt::kMaxDepth + 1}) {
        BlobBuilder b;
        b.begin_node("");
        for (size_t i = 1; i < depth; ++i)
            b.begin_node("n");
        for (size_t i = 0; i < depth; ++i)
            b.end_node();
        b.end();
        auto blob = b.build();
        auto fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
        if (depth == fdt::kMaxDepth) {
            ASSERT_TRUE(fdt.is_ok());
            std::string path;
            for (size_t i = 1; i < depth; ++i)
                path += "/n";
            EXPECT_TRUE(fdt.value().find_node(StringView(path.c_str())).has_value());
            FdtWalker walker(fdt.value().root());
            size_t seen = 0;
            while (walker.next())
                ++seen;
            EXPECT_EQ(seen, depth);
        } else {
            EXPECT_EQ(fdt.error(), Error::Unsupported);
        }
    }
}

// Every shorter structure block must be refused: nothing may depend on bytes past the end.
TEST(FdtParse, EveryTruncatedStructureBlockFails) {
    auto blob = load_blob("fdt_basic.dtb");
    ASSERT_FALSE(blob.empty());
    parse_or_die(blob);
    uint32_t struct_size = 0;
    for (int i = 0; i < 4; ++i)
        struct_size = struct_size << 8 | blob[BlobBuilder::kStructSize + i];
    for (uint32_t size = 0; size < struct_size; ++size) {
        auto cut = blob;
        BlobBuilder::set32(cut, BlobBuilder::kStructSize, size);
        EXPECT_TRUE(Fdt::parse(Bytes(cut.data(), cut.size())).is_error()) << "size " << size;
    }
}

// Reads everything a caller could read, so a sanitizer build sees any stray access.
size_t touch_everything(const Fdt& fdt) {
    size_t work = 0;
    FdtWalker walker(fdt.root());
    while (auto node = walker.next()) {
        work += node->name().length() + node->base_name().length();
        work += node->is_enabled() + node->is_compatible("x") + node->address_cells();
        for (FdtProperty property : node->properties()) {
            work += property.name().length() + property.value().size();
            for (StringView s : property.as_string_list())
                work += s.length();
        }
        if (auto regs = node->reg(); regs.is_ok()) {
            for (FdtReg reg : regs.value())
                work += (node->translate_address(reg.address).value_or(0) & 1) + (reg.size & 1);
        }
    }
    for (FdtReservation reservation : fdt.reservations())
        work += reservation.size & 1;
    return work;
}

TEST(FdtParse, CorruptedBytesNeverCrash) {
    auto original = load_blob("fdt_basic.dtb");
    ASSERT_FALSE(original.empty());
    uint32_t total = Fdt::parse(Bytes(original.data(), original.size())).value().total_size();
    size_t accepted = 0;
    for (size_t i = 0; i < total; ++i) {
        for (uint8_t mask : {0x01, 0x80, 0xff}) {
            auto blob = original;
            blob[i] ^= mask;
            auto fdt = Fdt::parse(Bytes(blob.data(), total));
            if (fdt.is_ok()) {
                ++accepted;
                touch_everything(fdt.value());
            }
        }
    }
    EXPECT_GT(accepted, 0u); // flips inside values still parse
}

// --- Reading a dtc-compiled tree ------------------------------------------------------------

class FdtBasic : public ::testing::Test {
protected:
    void SetUp() override {
        m_blob = load_blob("fdt_basic.dtb");
        ASSERT_FALSE(m_blob.empty()) << "missing " << MICA_TEST_DATA_DIR << "/fdt_basic.dtb";
        auto parsed = Fdt::parse(Bytes(m_blob.data(), m_blob.size()));
        ASSERT_TRUE(parsed.is_ok());
        m_fdt = parsed.value();
    }
    FdtNode node(const char* path) {
        auto found = m_fdt->find_node(path);
        EXPECT_TRUE(found.has_value()) << path;
        return found.value();
    }

    std::vector<uint8_t> m_blob;
    std::optional<Fdt> m_fdt;
};

TEST_F(FdtBasic, Header) {
    EXPECT_EQ(m_fdt->version(), 17u);
    EXPECT_EQ(m_fdt->boot_cpu_id(), 0u);
    EXPECT_LE(m_fdt->total_size(), m_blob.size());
    EXPECT_EQ(m_fdt->bytes().data(), m_blob.data());
}

TEST_F(FdtBasic, RootAndNames) {
    FdtNode root = m_fdt->root();
    EXPECT_TRUE(root.is_root());
    EXPECT_EQ(str(root.name()), "");
    EXPECT_FALSE(root.parent().has_value());
    EXPECT_EQ(str(root.property_string("model").value_or("")), "mica,test-board");
    EXPECT_TRUE(root.is_compatible("mica,generic"));
    EXPECT_FALSE(root.is_compatible("mica,test"));

    FdtNode serial = node("/soc/serial@10000000");
    EXPECT_EQ(str(serial.name()), "serial@10000000");
    EXPECT_EQ(str(serial.base_name()), "serial");
    EXPECT_EQ(str(serial.unit_address()), "10000000");
    EXPECT_FALSE(serial.is_root());
    EXPECT_EQ(str(node("/soc").unit_address()), "");
}

TEST_F(FdtBasic, FindByPath) {
    EXPECT_TRUE(m_fdt->find_node("/") == m_fdt->root());
    EXPECT_EQ(str(node("/chosen").name()), "chosen");
    EXPECT_EQ(str(node("/memory").name()), "memory@80000000");
    EXPECT_EQ(str(node("/memory@80000000").name()), "memory@80000000");
    // Without a unit address the first match wins; with one, only the exact node.
    EXPECT_EQ(str(node("/soc/serial").unit_address()), "10000000");
    EXPECT_EQ(str(node("/soc/serial@10001000").unit_address()), "10001000");
    EXPECT_EQ(str(node("/soc/bus/device@7e215000").name()), "device@7e215000");
    EXPECT_TRUE(m_fdt->find_node("/soc/serial@10000000/") == node("/soc/serial@10000000"));
    EXPECT_TRUE(m_fdt->find_node("//soc//serial") == node("/soc/serial@10000000"));

    EXPECT_FALSE(m_fdt->find_node("").has_value());
    EXPECT_FALSE(m_fdt->find_node("/nope").has_value());
    EXPECT_FALSE(m_fdt->find_node("/soc/serial@2").has_value());
    EXPECT_FALSE(m_fdt->find_node("/mem").has_value());
    EXPECT_FALSE(m_fdt->find_node("/chosen/bootargs").has_value()); // a property, not a node
}

TEST_F(FdtBasic, Aliases) {
    EXPECT_EQ(str(m_fdt->alias("serial0").value_or("")), "/soc/serial@10000000");
    EXPECT_EQ(str(m_fdt->alias("bus").value_or("")), "/soc/bus@20000000");
    EXPECT_FALSE(m_fdt->alias("serial9").has_value());

    EXPECT_TRUE(m_fdt->find_node("serial0") == node("/soc/serial@10000000"));
    EXPECT_TRUE(m_fdt->find_node("bus/device@1000") == node("/soc/bus@20000000/device@1000"));
    EXPECT_FALSE(m_fdt->find_node("bus/nothing").has_value());
    EXPECT_FALSE(m_fdt->find_node("serial9").has_value());
    // An alias must hold an absolute path.
    EXPECT_FALSE(m_fdt->find_node("relative").has_value());
}

TEST_F(FdtBasic, Phandles) {
    FdtNode intc = node("/soc/interrupt-controller");
    EXPECT_EQ(intc.phandle().value_or(0), 0x11u);
    FdtNode serial = node("serial0");
    uint32_t parent = serial.property_u32("interrupt-parent").value_or(0);
    auto found = m_fdt->find_by_phandle(parent);
    ASSERT_TRUE(found.has_value());
    EXPECT_TRUE(found.value() == intc);
    EXPECT_FALSE(m_fdt->find_by_phandle(0).has_value());
    EXPECT_FALSE(m_fdt->find_by_phandle(0xffffffff).has_value());
    EXPECT_FALSE(m_fdt->find_by_phandle(0x999).has_value());
    EXPECT_FALSE(serial.phandle().has_value());
}

TEST_F(FdtBasic, PropertyHelpers) {
    FdtNode serial = node("serial0");
    EXPECT_TRUE(serial.has_property("empty-flag"));
    EXPECT_TRUE(serial.property("empty-flag")->is_empty());
    EXPECT_FALSE(serial.has_property("missing"));
    EXPECT_EQ(serial.property_u32("clock-frequency").value_or(0), 3686400u);

    auto big = serial.property("big");
    ASSERT_TRUE(big.has_value());
    EXPECT_EQ(big->as_u64().value_or(0), 0x123456789abcdef0u);
    EXPECT_EQ(big->as_integer().value_or(0), 0x123456789abcdef0u);
    EXPECT_FALSE(big->as_u32().has_value());
    EXPECT_EQ(big->cell_count(), 2u);
    EXPECT_EQ(big->cell(1).value_or(0), 0x9abcdef0u);
    EXPECT_FALSE(big->cell(2).has_value());

    auto clock = serial.property("clock-frequency");
    EXPECT_EQ(clock->as_integer().value_or(0), 3686400u);
    EXPECT_FALSE(clock->as_u64().has_value());
    EXPECT_FALSE(big->as_string().has_value()); // no NUL in the value

    // A string property read as a number is refused by length, not misread.
    EXPECT_FALSE(node("/chosen").property_u32("bootargs").has_value());
    EXPECT_EQ(str(node("/chosen").property_string("bootargs").value_or("")), "console=ttyS0 test");
    int properties = 0;
    for (FdtProperty property : node("/chosen").properties()) {
        EXPECT_TRUE(property.name() == "bootargs" || property.name() == "stdout-path");
        ++properties;
    }
    EXPECT_EQ(properties, 2);
}

TEST_F(FdtBasic, StringLists) {
    FdtNode uart = node("/soc/serial@10001000");
    std::vector<std::string> compatible;
    for (StringView s : uart.property("compatible")->as_string_list())
        compatible.push_back(str(s));
    EXPECT_EQ(compatible, (std::vector<std::string>{"vendor,uart", "ns16550"}));
    EXPECT_TRUE(uart.is_compatible("ns16550"));
    EXPECT_FALSE(uart.is_compatible("ns16550a"));
    EXPECT_FALSE(uart.is_compatible("vendor"));
    EXPECT_EQ(str(uart.property_string("compatible").value_or("")), "vendor,uart");

    // A value without its final NUL has no complete string to offer.
    uint8_t raw[] = {'a', 0, 'b', 'c'};
    FdtProperty partial("p", Bytes(raw, sizeof raw));
    std::vector<std::string> seen;
    for (StringView s : partial.as_string_list())
        seen.push_back(str(s));
    EXPECT_EQ(seen, (std::vector<std::string>{"a"}));
    FdtProperty empty("e", Bytes());
    for (StringView s : empty.as_string_list())
        ADD_FAILURE() << "unexpected " << str(s);
}

TEST_F(FdtBasic, Status) {
    EXPECT_TRUE(node("/cpus/cpu@0").is_enabled());           // "okay"
    EXPECT_TRUE(node("/cpus/cpu@1").is_enabled());           // "ok"
    EXPECT_FALSE(node("/cpus/cpu@2").is_enabled());          // "disabled"
    EXPECT_TRUE(node("/cpus/cpu@3").is_enabled());           // absent
    EXPECT_FALSE(node("/soc/serial@10001000").is_enabled()); // "fail"
}

TEST_F(FdtBasic, Children) {
    std::vector<std::string> names;
    for (FdtNode cpu : node("/cpus").children()) {
        names.push_back(str(cpu.name()));
        EXPECT_TRUE(cpu.parent().value() == node("/cpus"));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"cpu@0", "cpu@1", "cpu@2", "cpu@3"}));
    for (FdtNode leaf : node("/cpus/cpu@0").children())
        ADD_FAILURE() << "unexpected child " << str(leaf.name());
    EXPECT_TRUE(node("/soc/bus/device@1000").parent().value() == node("/soc/bus"));
    EXPECT_TRUE(node("/soc").parent().value() == m_fdt->root());
}

TEST_F(FdtBasic, Reg) {
    auto memory = node("/memory").reg();
    ASSERT_TRUE(memory.is_ok());
    ASSERT_EQ(memory.value().count(), 2u);
    EXPECT_EQ(memory.value()[0].address, 0x80000000u);
    EXPECT_EQ(memory.value()[0].size, 0x10000000u);
    EXPECT_EQ(memory.value()[1].address, 0x100000000u);
    EXPECT_EQ(memory.value()[1].size, 0x20000000u);

    // #size-cells = 0 under /cpus.
    auto cpu = node("/cpus/cpu@2").reg();
    ASSERT_TRUE(cpu.is_ok());
    ASSERT_EQ(cpu.value().count(), 1u);
    EXPECT_EQ(cpu.value()[0].address, 2u);
    EXPECT_EQ(cpu.value()[0].size, 0u);

    // 1/1 cells on the inner bus; iteration.
    std::vector<std::pair<uint64_t, uint64_t>> entries;
    auto device = node("/soc/bus/device@1000").reg();
    ASSERT_TRUE(device.is_ok());
    for (FdtReg reg : device.value())
        entries.push_back({reg.address, reg.size});
    EXPECT_EQ(entries,
              (std::vector<std::pair<uint64_t, uint64_t>>{{0x1000, 0x100}, {0x2000, 0x80}}));

    EXPECT_EQ(node("/chosen").reg().error(), Error::NotFound);
    EXPECT_EQ(node("/weird/child@0").reg().error(), Error::Unsupported); // 3 address cells
    EXPECT_EQ(node("/weird/short@0").reg().error(), Error::Unsupported);
    EXPECT_EQ(node("/soc/nobus/badlen@0").reg().error(), Error::Malformed);
}

TEST_F(FdtBasic, AddressTranslation) {
    // `ranges;` on /soc is the identity.
    EXPECT_EQ(node("serial0").translate_address(0x10000000).value_or(0), 0x10000000u);
    EXPECT_EQ(node("/soc/bus/device@1000").translate_address(0x1000).value_or(0), 0x20001000u);
    EXPECT_EQ(node("/soc/bus/device@7e215000").translate_address(0x7e215000).value_or(0),
              0x30215000u);
    EXPECT_EQ(node("/soc/bus/device@9000000").translate_address(0x9000000).error(),
              Error::NotFound);
    // A bus without `ranges` does not map its children into the CPU's space.
    EXPECT_EQ(node("/soc/nobus/device@0").translate_address(0).error(), Error::NotFound);
    // Direct children of the root need no translation.
    EXPECT_EQ(node("/memory").translate_address(0x80000000).value_or(0), 0x80000000u);
}

TEST_F(FdtBasic, Reservations) {
    std::vector<std::pair<uint64_t, uint64_t>> entries;
    for (FdtReservation r : m_fdt->reservations())
        entries.push_back({r.address, r.size});
    EXPECT_EQ(entries, (std::vector<std::pair<uint64_t, uint64_t>>{{0x48000000, 0x100000},
                                                                   {0x49000000, 0x2000}}));
    EXPECT_EQ(m_fdt->reservations().count(), 2u);
    EXPECT_EQ(parse_or_die(minimal_tree().build()).reservations().count(), 0u);
}

TEST_F(FdtBasic, WalkerAndCompatibleSearch) {
    std::vector<std::string> names;
    FdtWalker walker(m_fdt->root());
    while (auto n = walker.next())
        names.push_back(str(n->name()));
    ASSERT_EQ(names.size(), 23u);
    EXPECT_EQ(names.front(), "");
    EXPECT_EQ(names.back(), "short@0");

    // A walk of a subtree stays inside it.
    std::vector<std::string> bus;
    FdtWalker bus_walker(node("/soc/bus"));
    while (auto n = bus_walker.next())
        bus.push_back(str(n->name()));
    EXPECT_EQ(bus, (std::vector<std::string>{"bus@20000000", "device@1000", "device@7e215000",
                                             "device@9000000"}));

    auto device = m_fdt->find_compatible("mica,device");
    ASSERT_TRUE(device.has_value());
    EXPECT_EQ(str(device->name()), "device@1000");
    EXPECT_TRUE(device->parent().value() == node("/soc/bus"));
    EXPECT_FALSE(m_fdt->find_compatible("nothing,here").has_value());
}

// --- QEMU's own trees -----------------------------------------------------------------------

struct QemuCase {
    const char* file;
    uint64_t memory_base;
    const char* console_path;
    const char* console_compatible;
    uint64_t console_base;
    uint64_t console_size;
};

class FdtQemu : public ::testing::TestWithParam<QemuCase> {};

TEST_P(FdtQemu, MemoryCpusAndConsole) {
    const QemuCase& c = GetParam();
    auto blob = load_blob(c.file);
    ASSERT_FALSE(blob.empty()) << "missing " << c.file;
    // QEMU writes a 1 MiB file; the pointer form takes the blob's size from its header.
    auto parsed = Fdt::parse(blob.data(), blob.size());
    ASSERT_TRUE(parsed.is_ok()) << error_name(parsed.error());
    const Fdt& fdt = parsed.value();
    EXPECT_LE(fdt.total_size(), blob.size());

    auto memory = fdt.find_node("/memory");
    ASSERT_TRUE(memory.has_value());
    EXPECT_EQ(str(memory->property_string("device_type").value_or("")), "memory");
    auto regs = memory->reg();
    ASSERT_TRUE(regs.is_ok());
    ASSERT_EQ(regs.value().count(), 1u);
    EXPECT_EQ(regs.value()[0].address, c.memory_base);
    EXPECT_EQ(regs.value()[0].size, 128u * 1024 * 1024);

    auto cpus = fdt.find_node("/cpus");
    ASSERT_TRUE(cpus.has_value());
    int count = 0;
    for (FdtNode cpu : cpus->children()) {
        auto type = cpu.property_string("device_type");
        if (type && type.value() == "cpu") {
            EXPECT_EQ(cpu.reg().value()[0].address, uint64_t(count));
            ++count;
        }
    }
    EXPECT_EQ(count, 4);

    auto stdout_path = fdt.find_node("/chosen")->property_string("stdout-path");
    ASSERT_TRUE(stdout_path.has_value());
    EXPECT_EQ(str(stdout_path.value()), c.console_path);
    auto console = fdt.find_node(stdout_path.value());
    ASSERT_TRUE(console.has_value());
    EXPECT_TRUE(console->is_compatible(c.console_compatible));
    auto console_reg = console->reg();
    ASSERT_TRUE(console_reg.is_ok());
    EXPECT_EQ(console_reg.value()[0].address, c.console_base);
    EXPECT_EQ(console_reg.value()[0].size, c.console_size);
    EXPECT_EQ(console->translate_address(c.console_base).value_or(0), c.console_base);

    EXPECT_EQ(fdt.reservations().count(), 0u);
    EXPECT_GT(touch_everything(fdt), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Virt, FdtQemu,
    ::testing::Values(QemuCase{test::kQemuAarch64, 0x40000000, "/pl011@9000000", "arm,pl011",
                               0x9000000, 0x1000},
                      QemuCase{test::kQemuAarch64Gic3, 0x40000000, "/pl011@9000000", "arm,pl011",
                               0x9000000, 0x1000},
                      QemuCase{test::kQemuRiscv64, 0x80000000, "/soc/serial@10000000", "ns16550a",
                               0x10000000, 0x100}));

TEST(FdtQemuGic, VersionShowsInTheTree) {
    auto v2 = load_blob(test::kQemuAarch64);
    auto v3 = load_blob(test::kQemuAarch64Gic3);
    ASSERT_FALSE(v2.empty());
    ASSERT_FALSE(v3.empty());
    Fdt fdt2 = Fdt::parse(v2.data(), v2.size()).value();
    Fdt fdt3 = Fdt::parse(v3.data(), v3.size()).value();
    EXPECT_TRUE(fdt2.find_compatible("arm,cortex-a15-gic").has_value());
    EXPECT_FALSE(fdt2.find_compatible("arm,gic-v3").has_value());
    auto gic3 = fdt3.find_compatible("arm,gic-v3");
    ASSERT_TRUE(gic3.has_value());
    // The interrupt-parent of the root is the GIC, by phandle.
    uint32_t phandle = fdt3.root().property_u32("interrupt-parent").value_or(0);
    EXPECT_TRUE(fdt3.find_by_phandle(phandle).value() == gic3.value());
}

} // namespace
} // namespace mica
