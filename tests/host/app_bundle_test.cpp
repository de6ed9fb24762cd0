// The app bundle reader (user/apps/bundle): the bundles the build makes from the sample apps
// parse, and every kind of damage is refused with its reason, at every truncation, never read
// out of bounds (ASan).

#include <apps/bundle/bundle.h>
#include <fs/partition/crc32.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

using namespace mica;
using namespace mica::apps;

namespace {

using Blob = std::vector<uint8_t>;

const std::string kWasm("\0asm\x01\0\0\0", 8);
const std::string kManifest = "# test\nname demo\nversion 0.1-rc\nentry demo.wasm\ndir /data rw\n";

void put_le(Blob& out, uint64_t value, size_t size) {
    for (size_t i = 0; i < size; ++i)
        out.push_back(uint8_t(value >> (8 * i)));
}

// The format, written independently of mkbundle.py, so the two cannot share a mistake unseen.
Blob make_bundle(const std::vector<std::pair<std::string, std::string>>& entries) {
    Blob body;
    for (const auto& [name, data] : entries) {
        put_le(body, name.size(), 2);
        put_le(body, 0, 2);
        put_le(body, data.size(), 4);
        body.insert(body.end(), name.begin(), name.end());
        body.insert(body.end(), data.begin(), data.end());
        while (body.size() % 8 != 0)
            body.push_back(0);
    }
    Blob file = {'M', 'I', 'C', 'A', 'A', 'P', 'P', 0};
    put_le(file, 1, 4);
    put_le(file, entries.size(), 4);
    put_le(file, 32 + body.size(), 8);
    put_le(file, fs::crc32(Bytes(body.data(), body.size())), 4);
    put_le(file, 0, 4);
    file.insert(file.end(), body.begin(), body.end());
    return file;
}

Blob good_bundle() {
    return make_bundle({{"manifest", kManifest}, {"demo.wasm", kWasm}, {"notes.txt", "hi"}});
}

// Recomputes the checksum so a change reaches the checks behind it.
void reseal(Blob& file) {
    uint32_t crc = fs::crc32(Bytes(file.data() + 32, file.size() - 32));
    for (size_t i = 0; i < 4; ++i)
        file[24 + i] = uint8_t(crc >> (8 * i));
}

std::string refusal(const Blob& file) {
    static Bundle bundle; // large: not on the stack
    BundleError error;
    if (parse_bundle(Bytes(file.data(), file.size()), bundle, error))
        return "";
    char text[160];
    BufferSink sink(text, sizeof text);
    format(sink, "{}", error);
    return std::string(sink.view().data(), sink.view().length());
}

std::string manifest_refusal(const std::string& text) {
    Manifest manifest;
    BundleError error;
    if (parse_manifest(StringView(text.data(), text.size()), manifest, error))
        return "";
    char buffer[160];
    BufferSink sink(buffer, sizeof buffer);
    format(sink, "{}", error);
    return std::string(sink.view().data(), sink.view().length());
}

Blob read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Blob(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

TEST(AppBundle, ParsesAGoodBundle) {
    Blob file = good_bundle();
    static Bundle bundle;
    BundleError error;
    ASSERT_TRUE(parse_bundle(Bytes(file.data(), file.size()), bundle, error)) << error.reason;
    EXPECT_EQ(bundle.entry_count, 3u);
    EXPECT_TRUE(bundle.manifest.name == "demo");
    EXPECT_TRUE(bundle.manifest.version == "0.1-rc");
    EXPECT_TRUE(bundle.manifest.entry == "demo.wasm");
    ASSERT_EQ(bundle.manifest.directory_count, 1u);
    EXPECT_TRUE(bundle.manifest.directories[0].guest == "/data");
    EXPECT_TRUE(bundle.manifest.directories[0].writable);
    const BundleEntry* notes = bundle.find("notes.txt");
    ASSERT_NE(notes, nullptr);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(notes->data.data()), notes->data.size()),
              "hi");
    EXPECT_EQ(bundle.find("missing"), nullptr);
}

TEST(AppBundle, TheSampleAppBundlesParse) {
    for (const char* name : {"wc", "files"}) {
        Blob file = read_file(std::string(MICA_APP_BUNDLES_DIR) + "/" + name + ".app");
        ASSERT_FALSE(file.empty()) << name;
        static Bundle bundle;
        BundleError error;
        ASSERT_TRUE(parse_bundle(Bytes(file.data(), file.size()), bundle, error))
            << name << ": " << error.reason;
        EXPECT_TRUE(bundle.manifest.name == StringView(name));
        EXPECT_EQ(bundle.manifest.directory_count, 1u);
        EXPECT_TRUE(bundle.manifest.directories[0].guest == "/data");
    }
}

TEST(AppBundle, EveryTruncationIsRefused) {
    Blob file = good_bundle();
    for (size_t size = 0; size < file.size(); ++size) {
        Blob cut(file.begin(), file.begin() + long(size));
        EXPECT_NE(refusal(cut), "") << "accepted " << size << " of " << file.size() << " bytes";
    }
}

TEST(AppBundle, HeaderDamageIsRefusedWithItsReason) {
    auto damaged = [](size_t offset, uint8_t value, bool seal) {
        Blob file = good_bundle();
        file[offset] = value;
        if (seal)
            reseal(file);
        return refusal(file);
    };
    EXPECT_EQ(damaged(0, 'X', false), "at offset 0x0: bad magic: not an app bundle");
    EXPECT_EQ(damaged(8, 2, false),
              "at offset 0x8: unsupported format version (this reader knows 1)");
    EXPECT_EQ(damaged(12, 0, false), "at offset 0xc: entry count must be 1..64");
    EXPECT_EQ(damaged(12, 65, false), "at offset 0xc: entry count must be 1..64");
    EXPECT_NE(damaged(16, 0, false).find("file size in the header"), std::string::npos);
    EXPECT_NE(damaged(28, 1, false).find("reserved header field"), std::string::npos);
    EXPECT_EQ(damaged(40, 'M', false), "at offset 0x18: checksum mismatch: the bundle is corrupt");
}

TEST(AppBundle, EntryDamageIsRefusedWithItsReason) {
    auto with = [](std::vector<std::pair<std::string, std::string>> entries) {
        return refusal(make_bundle(entries));
    };
    EXPECT_NE(with({{"demo.wasm", kWasm}}).find("the first entry must be the manifest"),
              std::string::npos);
    EXPECT_NE(with({{"manifest", kManifest}, {"demo.wasm", kWasm}, {"demo.wasm", kWasm}})
                  .find("same name"),
              std::string::npos);
    EXPECT_NE(with({{"manifest", kManifest},
                    {"demo.wasm", "\x7f"
                                  "ELF"}})
                  .find("not a WebAssembly"),
              std::string::npos);
    EXPECT_NE(with({{"manifest", kManifest}, {"demo.wasm", kWasm}, {"Bad/Name", ""}})
                  .find("entry name must be"),
              std::string::npos);
    EXPECT_NE(with({{"manifest", kManifest}, {"other.wasm", kWasm}}).find("entry module"),
              std::string::npos);

    // The entry count says one more than there is; a stray byte in the padding; bytes after.
    Blob file = good_bundle();
    file[12] = 4;
    EXPECT_NE(refusal(file).find("entry header runs past the end"), std::string::npos);
    file = good_bundle();
    file[32 + 8 + 8 + kManifest.size()] = 1; // right after the manifest's text
    reseal(file);
    EXPECT_NE(refusal(file).find("padding is not zero"), std::string::npos);
    file = good_bundle();
    file.resize(file.size() + 8);
    file[16] = uint8_t(file.size());
    reseal(file);
    EXPECT_NE(refusal(file).find("bytes after the last entry"), std::string::npos);
    // A data size that would run far past the end (and would wrap a 32-bit sum).
    file = good_bundle();
    for (size_t i = 0; i < 4; ++i)
        file[32 + 4 + i] = 0xff;
    reseal(file);
    EXPECT_NE(refusal(file).find("runs past the end"), std::string::npos);
}

TEST(AppBundle, ManifestRulesNameTheLine) {
    const std::string head = "name a\nversion 1\nentry a.wasm\n";
    EXPECT_EQ(manifest_refusal(head), "");
    EXPECT_EQ(manifest_refusal(head + "dir /data r\ndir /cache rw\n"), "");
    EXPECT_EQ(manifest_refusal("name a"),
              "manifest line 1: the manifest must be lines ending in a newline");
    EXPECT_EQ(manifest_refusal(head + "net all\n"),
              "manifest line 4: unknown key (name, version, entry, dir)");
    EXPECT_EQ(manifest_refusal(head + "name b\n"), "manifest line 4: key given twice");
    EXPECT_EQ(manifest_refusal("version 1\nentry a.wasm\n"), "manifest line 3: no name");
    EXPECT_EQ(manifest_refusal("name a\nentry a.wasm\n"), "manifest line 3: no version");
    EXPECT_EQ(manifest_refusal("name a\nversion 1\n"), "manifest line 3: no entry");
    EXPECT_NE(manifest_refusal("name A\nversion 1\nentry a.wasm\n"), "");
    EXPECT_NE(manifest_refusal("name 1a\nversion 1\nentry a.wasm\n"), "");
    EXPECT_NE(manifest_refusal("name a\nversion 1 2\nentry a.wasm\n"), "");
    EXPECT_NE(manifest_refusal("name  a\nversion 1\nentry a.wasm\n"), "");
    EXPECT_NE(manifest_refusal("name a\nversion 1\nentry a.elf\n"), "");
    EXPECT_NE(manifest_refusal("name a\r\nversion 1\nentry a.wasm\n"), "");
    EXPECT_NE(manifest_refusal(head + "dir /data\n"), "");
    EXPECT_NE(manifest_refusal(head + "dir data rw\n"), "");
    EXPECT_NE(manifest_refusal(head + "dir /a/b rw\n"), "");
    EXPECT_NE(manifest_refusal(head + "dir /.. rw\n"), "");
    EXPECT_NE(manifest_refusal(head + "dir /data x\n"), "");
    EXPECT_EQ(manifest_refusal(head + "dir /data r\ndir /data rw\n"),
              "manifest line 5: dir requested twice");
    std::string many = head;
    for (int i = 0; i < 9; ++i)
        many += "dir /d" + std::to_string(i) + " r\n";
    EXPECT_EQ(manifest_refusal(many), "manifest line 12: too many dir lines (at most 8)");
}
