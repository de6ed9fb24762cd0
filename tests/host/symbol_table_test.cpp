#include <cstring>
#include <gtest/gtest.h>
#include <lib/symbol_table.h>
#include <vector>

using namespace mica;

namespace {

// Builds a table in the format tools/gen_symtab.py emits.
std::vector<uint8_t>
make_table(const std::vector<std::tuple<uint64_t, uint32_t, std::string>>& symbols) {
    std::string strings;
    std::vector<SymbolEntry> entries;
    for (auto& [address, size, name] : symbols) {
        entries.push_back({address, size, uint32_t(strings.size())});
        strings += name;
        strings += '\0';
    }
    SymbolTableHeader header{SymbolTableHeader::kMagic, uint32_t(entries.size()),
                             sizeof(SymbolTableHeader) + entries.size() * sizeof(SymbolEntry)};
    std::vector<uint8_t> table(header.strings_offset + strings.size());
    memcpy(table.data(), &header, sizeof header);
    if (!entries.empty())
        memcpy(table.data() + sizeof header, entries.data(), entries.size() * sizeof(SymbolEntry));
    memcpy(table.data() + header.strings_offset, strings.data(), strings.size());
    return table;
}

} // namespace

TEST(SymbolTable, FindsTheContainingFunction) {
    auto table =
        make_table({{0x1000, 0x20, "alpha"}, {0x1020, 0x10, "beta"}, {0x2000, 4, "gamma"}});
    SymbolLookup hit = lookup_symbol_in(table.data(), table.size(), 0x1024);
    ASSERT_TRUE(hit.found);
    EXPECT_EQ(hit.name, StringView("beta"));
    EXPECT_EQ(hit.offset, 4u);
    EXPECT_EQ(lookup_symbol_in(table.data(), table.size(), 0x1000).name, StringView("alpha"));
    EXPECT_EQ(lookup_symbol_in(table.data(), table.size(), 0x2003).name, StringView("gamma"));
}

TEST(SymbolTable, GapsAndOutsideAreNotFound) {
    auto table = make_table({{0x1000, 0x20, "alpha"}, {0x2000, 4, "gamma"}});
    EXPECT_FALSE(lookup_symbol_in(table.data(), table.size(), 0xfff).found);
    EXPECT_FALSE(lookup_symbol_in(table.data(), table.size(), 0x1020).found);
    EXPECT_FALSE(lookup_symbol_in(table.data(), table.size(), 0x2004).found);
}

TEST(SymbolTable, MalformedTablesFindNothing) {
    auto table = make_table({{0x1000, 0x20, "alpha"}});
    EXPECT_FALSE(lookup_symbol_in(table.data(), 8, 0x1000).found); // shorter than a header
    auto bad_magic = table;
    bad_magic[0] ^= 1;
    EXPECT_FALSE(lookup_symbol_in(bad_magic.data(), bad_magic.size(), 0x1000).found);
    auto huge_count = table;
    huge_count[4] = 0xff;
    huge_count[7] = 0x7f;
    EXPECT_FALSE(lookup_symbol_in(huge_count.data(), huge_count.size(), 0x1000).found);
    auto bad_name = table;
    reinterpret_cast<SymbolEntry*>(bad_name.data() + sizeof(SymbolTableHeader))->name_offset = 999;
    EXPECT_FALSE(lookup_symbol_in(bad_name.data(), bad_name.size(), 0x1000).found);
    EXPECT_FALSE(lookup_symbol_in(table.data(), 0, 0x1000).found);
}

TEST(SymbolTable, EmptyTableFromTheFirstLink) {
    auto table = make_table({});
    EXPECT_FALSE(lookup_symbol_in(table.data(), table.size(), 0x1000).found);
}
