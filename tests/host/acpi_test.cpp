// Tests of kernel/lib/acpi against hand-built tables in a fake physical memory, including bad
// checksums, bad lengths and dangling pointers.

#include <lib/acpi.h>
#include <lib/acpi_tables.h>

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace mica {
namespace {

// Physical memory made of separate blocks; reads crossing a block's end see nothing.
class FakeMemory final : public AcpiMemory {
public:
    void place(PhysAddr phys, std::vector<uint8_t> bytes) { m_blocks[phys] = std::move(bytes); }
    std::vector<uint8_t>& at(PhysAddr phys) { return m_blocks.at(phys); }

    Bytes read(PhysAddr phys, size_t size) override {
        for (auto& [base, bytes] : m_blocks) {
            if (phys >= base && phys - base <= bytes.size() && size <= bytes.size() - (phys - base))
                return Bytes(bytes.data() + (phys - base), size);
        }
        return {};
    }

private:
    std::map<PhysAddr, std::vector<uint8_t>> m_blocks;
};

void put32(std::vector<uint8_t>& bytes, size_t offset, uint32_t value) {
    for (int i = 0; i < 4; ++i)
        bytes[offset + i] = uint8_t(value >> (8 * i));
}
void put64(std::vector<uint8_t>& bytes, size_t offset, uint64_t value) {
    put32(bytes, offset, uint32_t(value));
    put32(bytes, offset + 4, uint32_t(value >> 32));
}

void fix_checksum(std::vector<uint8_t>& bytes, size_t checksum_offset, size_t length) {
    bytes[checksum_offset] = 0;
    uint8_t sum = 0;
    for (size_t i = 0; i < length; ++i)
        sum = uint8_t(sum + bytes[i]);
    bytes[checksum_offset] = uint8_t(-sum);
}

std::vector<uint8_t> rsdp(uint8_t revision, uint32_t rsdt, uint64_t xsdt) {
    std::vector<uint8_t> bytes(revision >= 2 ? 36 : 20, 0);
    std::memcpy(bytes.data(), "RSD PTR ", 8);
    std::memcpy(bytes.data() + 9, "MICA  ", 6);
    bytes[15] = revision;
    put32(bytes, 16, rsdt);
    fix_checksum(bytes, 8, 20);
    if (revision >= 2) {
        put32(bytes, 20, 36);
        put64(bytes, 24, xsdt);
        fix_checksum(bytes, 32, 36);
    }
    return bytes;
}

std::vector<uint8_t> table(const char* signature, const std::vector<uint8_t>& body) {
    std::vector<uint8_t> bytes(36, 0);
    std::memcpy(bytes.data(), signature, 4);
    bytes.insert(bytes.end(), body.begin(), body.end());
    put32(bytes, 4, uint32_t(bytes.size()));
    bytes[8] = 1;
    fix_checksum(bytes, 9, bytes.size());
    return bytes;
}

std::vector<uint8_t> root_table(const char* signature, const std::vector<uint64_t>& entries,
                                size_t entry_size) {
    std::vector<uint8_t> body(entries.size() * entry_size, 0);
    for (size_t i = 0; i < entries.size(); ++i) {
        if (entry_size == 8)
            put64(body, i * 8, entries[i]);
        else
            put32(body, i * 4, uint32_t(entries[i]));
    }
    return table(signature, body);
}

struct Lapic {
    uint8_t apic_id;
    uint32_t flags;
};

std::vector<uint8_t> madt(const std::vector<Lapic>& lapics,
                          const std::vector<Lapic>& x2apics = {}) {
    std::vector<uint8_t> body(8, 0); // local APIC address, flags
    put32(body, 0, 0xfee00000);
    uint8_t uid = 0;
    for (const Lapic& lapic : lapics) {
        std::vector<uint8_t> entry(8, 0);
        entry[0] = 0;
        entry[1] = 8;
        entry[2] = uid++;
        entry[3] = lapic.apic_id;
        put32(entry, 4, lapic.flags);
        body.insert(body.end(), entry.begin(), entry.end());
    }
    body.insert(body.end(), {1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0}); // an I/O APIC
    for (const Lapic& x2apic : x2apics) {
        std::vector<uint8_t> entry(16, 0);
        entry[0] = 9;
        entry[1] = 16;
        put32(entry, 4, 300u + x2apic.apic_id);
        put32(entry, 8, x2apic.flags);
        put32(entry, 12, uid++);
        body.insert(body.end(), entry.begin(), entry.end());
    }
    return table("APIC", body);
}

constexpr PhysAddr kRsdp = 0xf5000;
constexpr PhysAddr kRsdt = 0x7fe0000;
constexpr PhysAddr kXsdt = 0x7fe1000;
constexpr PhysAddr kFacp = 0x7fe2000;
constexpr PhysAddr kMadt = 0x7fe3000;
constexpr PhysAddr kOtherMadt = 0x17fe4000;

// A 1.0 machine: RSDP → RSDT → {FACP, APIC}.
FakeMemory acpi1(const std::vector<uint8_t>& madt_bytes) {
    FakeMemory memory;
    memory.place(kRsdp, rsdp(0, kRsdt, 0));
    memory.place(kRsdt, root_table("RSDT", {kFacp, kMadt}, 4));
    memory.place(kFacp, table("FACP", std::vector<uint8_t>(80, 0)));
    memory.place(kMadt, madt_bytes);
    return memory;
}

TEST(Acpi, Checksum) {
    std::vector<uint8_t> bytes = {1, 2, 3, 0};
    EXPECT_EQ(acpi::checksum(Bytes(bytes.data(), 3)), 6);
    fix_checksum(bytes, 3, 4);
    EXPECT_EQ(acpi::checksum(Bytes(bytes.data(), 4)), 0);
}

TEST(Acpi, ParsesBothRsdpRevisions) {
    auto v1 = rsdp(0, 0x1234, 0);
    auto parsed = acpi::parse_rsdp(Bytes(v1.data(), v1.size()));
    ASSERT_TRUE(parsed.is_ok());
    EXPECT_EQ(parsed.value().revision, 0);
    EXPECT_EQ(parsed.value().rsdt, 0x1234u);
    EXPECT_EQ(parsed.value().xsdt, 0u);

    auto v2 = rsdp(2, 0x1234, 0x1'0000'5678);
    auto parsed2 = acpi::parse_rsdp(Bytes(v2.data(), v2.size()));
    ASSERT_TRUE(parsed2.is_ok());
    EXPECT_EQ(parsed2.value().revision, 2);
    EXPECT_EQ(parsed2.value().xsdt, 0x1'0000'5678u);
}

TEST(Acpi, RejectsBadRsdp) {
    auto v1 = rsdp(0, 0x1234, 0);
    EXPECT_EQ(acpi::parse_rsdp(Bytes(v1.data(), 19)).error(), Error::Truncated);
    auto bad = v1;
    bad[16] ^= 1; // 1.0 checksum now wrong
    EXPECT_EQ(acpi::parse_rsdp(Bytes(bad.data(), bad.size())).error(), Error::Malformed);
    bad = v1;
    bad[0] = 'X';
    EXPECT_EQ(acpi::parse_rsdp(Bytes(bad.data(), bad.size())).error(), Error::Malformed);

    auto v2 = rsdp(2, 0x1234, 0x5678);
    EXPECT_EQ(acpi::parse_rsdp(Bytes(v2.data(), 20)).error(), Error::Truncated);
    bad = v2;
    bad[24] ^= 1; // only the extended checksum covers the XSDT address
    EXPECT_EQ(acpi::parse_rsdp(Bytes(bad.data(), bad.size())).error(), Error::Malformed);
    bad = v2;
    put32(bad, 20, 20); // length shorter than a 2.0 RSDP
    fix_checksum(bad, 32, 36);
    EXPECT_EQ(acpi::parse_rsdp(Bytes(bad.data(), bad.size())).error(), Error::Malformed);
}

TEST(Acpi, CountsEnabledAndOnlineCapableProcessors) {
    FakeMemory memory = acpi1(madt({{0, 1}, {1, 1}, {2, 0}, {3, 2}, {0xff, 1}}));
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).value(), 3u); // 2 enabled + 1 online-capable

    auto table_bytes = memory.read(kMadt, memory.at(kMadt).size());
    auto processors = acpi::count_madt_processors(table_bytes).value();
    EXPECT_EQ(processors.enabled, 2u);
    EXPECT_EQ(processors.online_capable, 1u);
}

TEST(Acpi, CountsX2ApicEntries) {
    FakeMemory memory = acpi1(madt({{0, 1}}, {{1, 1}, {2, 1}, {3, 0}}));
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).value(), 3u);
}

TEST(Acpi, PrefersTheXsdt) {
    FakeMemory memory = acpi1(madt({{0, 1}}));
    memory.place(kRsdp, rsdp(2, kRsdt, kXsdt));
    memory.place(kXsdt, root_table("XSDT", {kFacp, kOtherMadt}, 8));
    memory.place(kOtherMadt, madt({{0, 1}, {1, 1}, {2, 1}, {3, 1}}));
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).value(), 4u);
}

TEST(Acpi, SkipsDanglingRootEntries) {
    FakeMemory memory = acpi1(madt({{0, 1}, {1, 1}}));
    memory.place(kRsdt, root_table("RSDT", {0xdead0000, kFacp, kMadt}, 4));
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).value(), 2u);
}

TEST(Acpi, RejectsBadTables) {
    FakeMemory memory = acpi1(madt({{0, 1}}));
    memory.at(kMadt)[40] ^= 0x10; // MADT checksum
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::Malformed);

    memory = acpi1(madt({{0, 1}}));
    memory.at(kRsdt)[36] ^= 1; // RSDT checksum (and entry)
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::Malformed);

    memory = acpi1(madt({{0, 1}}));
    put32(memory.at(kMadt), 4, 4096); // length beyond the memory there
    fix_checksum(memory.at(kMadt), 9, memory.at(kMadt).size());
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::OutOfRange);

    memory = acpi1(madt({{0, 1}}));
    put32(memory.at(kMadt), 4, 20); // shorter than a header
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::Malformed);

    memory = acpi1(madt({{0, 1}}));
    memory.place(kRsdt, root_table("RSDT", {kFacp}, 4));
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::NotFound);

    memory = acpi1(madt({{0, 1}}));
    memory.place(kRsdt, root_table("XSDT", {kFacp, kMadt}, 4)); // wrong signature
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::Malformed);

    memory = acpi1(madt({{0, 0}}));
    EXPECT_EQ(acpi::count_cpus(memory, kRsdp).error(), Error::NotFound); // no usable CPU

    FakeMemory empty;
    EXPECT_EQ(acpi::count_cpus(empty, kRsdp).error(), Error::Truncated);
}

TEST(Acpi, RejectsBrokenMadtEntries) {
    auto zero_length = madt({{0, 1}});
    zero_length[44 + 1] = 0;
    fix_checksum(zero_length, 9, zero_length.size());
    EXPECT_EQ(acpi::count_madt_processors(Bytes(zero_length.data(), zero_length.size())).error(),
              Error::Malformed);

    auto overlong = madt({{0, 1}});
    overlong[44 + 1] = 200;
    EXPECT_EQ(acpi::count_madt_processors(Bytes(overlong.data(), overlong.size())).error(),
              Error::Truncated);

    auto short_lapic = madt({{0, 1}});
    short_lapic[44 + 1] = 6;
    EXPECT_EQ(acpi::count_madt_processors(Bytes(short_lapic.data(), short_lapic.size())).error(),
              Error::Malformed);

    auto dangling_byte = madt({{0, 1}});
    dangling_byte.push_back(0);
    EXPECT_EQ(
        acpi::count_madt_processors(Bytes(dangling_byte.data(), dangling_byte.size())).error(),
        Error::Truncated);

    std::vector<uint8_t> header_only(40, 0);
    EXPECT_EQ(acpi::count_madt_processors(Bytes(header_only.data(), header_only.size())).error(),
              Error::Truncated);
}

// Records what walk_madt() reports.
class RecordingVisitor final : public acpi::MadtVisitor {
public:
    void processor(const acpi::MadtProcessor& processor) override {
        processors.push_back(processor);
    }
    void io_apic(const acpi::MadtIoApic& io_apic) override { io_apics.push_back(io_apic); }
    void interrupt_override(const acpi::MadtInterruptOverride& entry) override {
        overrides.push_back(entry);
    }
    std::vector<acpi::MadtProcessor> processors;
    std::vector<acpi::MadtIoApic> io_apics;
    std::vector<acpi::MadtInterruptOverride> overrides;
};

std::vector<uint8_t> with_entries(std::vector<uint8_t> madt_bytes,
                                  const std::vector<std::vector<uint8_t>>& entries) {
    for (const auto& entry : entries)
        madt_bytes.insert(madt_bytes.end(), entry.begin(), entry.end());
    put32(madt_bytes, 4, uint32_t(madt_bytes.size()));
    fix_checksum(madt_bytes, 9, madt_bytes.size());
    return madt_bytes;
}

TEST(Acpi, WalksMadtProcessorsAndIoApics) {
    auto bytes = madt({{0, 1}, {4, 2}, {0xff, 1}, {6, 0}}, {{1, 1}});
    put32(bytes, 40, 1); // PCAT_COMPAT
    fix_checksum(bytes, 9, bytes.size());
    RecordingVisitor visitor;
    auto header = acpi::walk_madt(Bytes(bytes.data(), bytes.size()), visitor);
    ASSERT_TRUE(header.is_ok());
    EXPECT_EQ(header.value().local_apic_address, 0xfee00000u);
    EXPECT_TRUE(header.value().has_8259);

    ASSERT_EQ(visitor.processors.size(), 4u); // the broadcast id is left out
    EXPECT_EQ(visitor.processors[0].apic_id, 0u);
    EXPECT_TRUE(visitor.processors[0].enabled);
    EXPECT_EQ(visitor.processors[1].apic_id, 4u);
    EXPECT_EQ(visitor.processors[1].processor_uid, 1u);
    EXPECT_FALSE(visitor.processors[1].enabled);
    EXPECT_TRUE(visitor.processors[1].online_capable);
    EXPECT_FALSE(visitor.processors[2].enabled);
    EXPECT_FALSE(visitor.processors[2].online_capable);
    EXPECT_EQ(visitor.processors[3].apic_id, 301u);
    EXPECT_TRUE(visitor.processors[3].x2apic);
    EXPECT_EQ(visitor.processors[3].processor_uid, 4u);

    ASSERT_EQ(visitor.io_apics.size(), 1u);
    EXPECT_EQ(visitor.io_apics[0].address, 0xfec00000u);
    EXPECT_EQ(visitor.io_apics[0].gsi_base, 0u);
}

TEST(Acpi, WalksMadtOverrides) {
    std::vector<uint8_t> timer = {2, 10, 0, 0, 2, 0, 0, 0, 0, 0};               // IRQ 0 → GSI 2
    std::vector<uint8_t> sci = {2, 10, 0, 9, 9, 0, 0, 0, 0x0f, 0};              // level, active low
    std::vector<uint8_t> odd = {2, 10, 0, 5, 5, 0, 0, 0, 0x06, 0};              // reserved polarity
    std::vector<uint8_t> address = {5, 12, 0, 0, 0, 0, 0xe0, 0xfe, 1, 0, 0, 0}; // 64-bit LAPIC
    std::vector<uint8_t> unknown = {0x7f, 3, 0};
    auto bytes = with_entries(madt({{0, 1}}), {timer, sci, odd, unknown, address});
    RecordingVisitor visitor;
    auto header = acpi::walk_madt(Bytes(bytes.data(), bytes.size()), visitor);
    ASSERT_TRUE(header.is_ok());
    EXPECT_EQ(header.value().local_apic_address, 0x1'fee0'0000u);
    EXPECT_FALSE(header.value().has_8259);

    ASSERT_EQ(visitor.overrides.size(), 3u);
    EXPECT_EQ(visitor.overrides[0].source, 0);
    EXPECT_EQ(visitor.overrides[0].gsi, 2u);
    EXPECT_EQ(visitor.overrides[0].polarity, acpi::MadtPolarity::Conforms);
    EXPECT_EQ(visitor.overrides[0].trigger, acpi::MadtTrigger::Conforms);
    EXPECT_EQ(visitor.overrides[1].source, 9);
    EXPECT_EQ(visitor.overrides[1].polarity, acpi::MadtPolarity::ActiveLow);
    EXPECT_EQ(visitor.overrides[1].trigger, acpi::MadtTrigger::Level);
    EXPECT_EQ(visitor.overrides[2].polarity, acpi::MadtPolarity::Conforms);
    EXPECT_EQ(visitor.overrides[2].trigger, acpi::MadtTrigger::Edge);
}

TEST(Acpi, RejectsShortMadtInterruptEntries) {
    RecordingVisitor visitor;
    auto short_io_apic = with_entries(madt({}), {{1, 8, 0, 0, 0, 0, 0xc0, 0xfe}});
    // madt() already holds a well-formed I/O APIC; the short one follows it.
    EXPECT_EQ(acpi::walk_madt(Bytes(short_io_apic.data(), short_io_apic.size()), visitor).error(),
              Error::Malformed);
    auto short_override = with_entries(madt({}), {{2, 6, 0, 0, 2, 0}});
    EXPECT_EQ(acpi::walk_madt(Bytes(short_override.data(), short_override.size()), visitor).error(),
              Error::Malformed);
    auto short_address = with_entries(madt({}), {{5, 4, 0, 0}});
    EXPECT_EQ(acpi::walk_madt(Bytes(short_address.data(), short_address.size()), visitor).error(),
              Error::Malformed);
}

class SignatureRecorder final : public acpi::TableVisitor {
public:
    Result<void> table(Bytes table) override {
        signatures.emplace_back(reinterpret_cast<const char*>(table.data()), 4);
        return {};
    }
    std::vector<std::string> signatures;
};

constexpr PhysAddr kDsdt = 0x7fe5000;

// An FADT whose DSDT pointer is `dsdt` (32-bit field) and X_DSDT `x_dsdt` (0: absent).
std::vector<uint8_t> fadt(uint32_t dsdt, uint64_t x_dsdt) {
    std::vector<uint8_t> body(148 - 36, 0);
    put32(body, 40 - 36, dsdt);
    put64(body, 140 - 36, x_dsdt);
    return table("FACP", body);
}

TEST(AcpiTables, VisitsEveryListedTableThenTheDsdt) {
    FakeMemory memory = acpi1(madt({{0, 1}}));
    memory.place(kRsdt, root_table("RSDT", {kFacp, 0xdead0000, kMadt}, 4));
    memory.place(kFacp, fadt(0, kDsdt));
    memory.place(kDsdt, table("DSDT", std::vector<uint8_t>(16, 0x5b)));
    acpi::Rsdp root = acpi::read_rsdp(memory, kRsdp).value();
    SignatureRecorder recorder;
    ASSERT_TRUE(acpi::visit_tables(memory, root, recorder).is_ok());
    EXPECT_EQ(recorder.signatures, (std::vector<std::string>{"FACP", "APIC", "DSDT"}));
}

TEST(AcpiTables, SkipsBrokenTablesAndAMissingDsdt) {
    FakeMemory memory = acpi1(madt({{0, 1}}));
    memory.place(kFacp, fadt(uint32_t(kDsdt), 0)); // the 32-bit field, and nothing there
    memory.at(kMadt)[20] ^= 0xff;                  // bad checksum
    acpi::Rsdp root = acpi::read_rsdp(memory, kRsdp).value();
    SignatureRecorder recorder;
    ASSERT_TRUE(acpi::visit_tables(memory, root, recorder).is_ok());
    EXPECT_EQ(recorder.signatures, (std::vector<std::string>{"FACP"}));
}

TEST(AcpiTables, RefusesABrokenRootTable) {
    FakeMemory memory = acpi1(madt({{0, 1}}));
    memory.at(kRsdt)[0] = 'X';
    acpi::Rsdp root = acpi::read_rsdp(memory, kRsdp).value();
    SignatureRecorder recorder;
    EXPECT_TRUE(acpi::visit_tables(memory, root, recorder).is_error());
    EXPECT_TRUE(recorder.signatures.empty());
}

} // namespace
} // namespace mica
