// The filesystem service's path resolver (user/fs/vfs/path.cpp): normalisation, the root that
// ".." cannot leave, and every refusal the service turns into a bad-path or name-too-long error.

#include <fs/vfs/path.h>
#include <gtest/gtest.h>
#include <string>

using namespace mica;
using namespace mica::vfs;

namespace {

std::string normalized(const char* input) {
    NormalizedPath path;
    PathError error = path.parse(StringView(input));
    if (error != PathError::None)
        return std::string("error: ") + path_error_name(error);
    return std::string(path.text().data(), path.text().length());
}

PathError error_of(const std::string& input) {
    NormalizedPath path;
    return path.parse(StringView(input.data(), input.size()));
}

} // namespace

TEST(VfsPath, RootForms) {
    EXPECT_EQ(normalized("/"), "/");
    EXPECT_EQ(normalized("//"), "/");
    EXPECT_EQ(normalized("/."), "/");
    EXPECT_EQ(normalized("/./."), "/");
}

TEST(VfsPath, PlainPathsKeepTheirComponents) {
    NormalizedPath path;
    ASSERT_EQ(path.parse("/tmp/notes/today.txt"), PathError::None);
    EXPECT_EQ(std::string(path.text().data(), path.text().length()), "/tmp/notes/today.txt");
    ASSERT_EQ(path.components().size(), 3u);
    EXPECT_TRUE(path.components()[0] == "tmp");
    EXPECT_TRUE(path.components()[1] == "notes");
    EXPECT_TRUE(path.components()[2] == "today.txt");
    EXPECT_FALSE(path.is_root());
}

TEST(VfsPath, RepeatedAndTrailingSlashesMeanNothing) {
    EXPECT_EQ(normalized("//tmp///a//"), "/tmp/a");
    EXPECT_EQ(normalized("/tmp/a/"), "/tmp/a");
}

TEST(VfsPath, DotIsDroppedAndDotDotGoesUp) {
    EXPECT_EQ(normalized("/tmp/./a/../b"), "/tmp/b");
    EXPECT_EQ(normalized("/tmp/a/b/../../c"), "/tmp/c");
    EXPECT_EQ(normalized("/tmp/a/.."), "/tmp");
    EXPECT_EQ(normalized("/tmp/.."), "/");
}

TEST(VfsPath, DotDotCannotLeaveTheRoot) {
    EXPECT_EQ(normalized("/.."), "/");
    EXPECT_EQ(normalized("/../../.."), "/");
    EXPECT_EQ(normalized("/../tmp/../../boot/init"), "/boot/init");
}

TEST(VfsPath, NamesThatOnlyLookLikeDots) {
    EXPECT_EQ(normalized("/tmp/.../..a/.b"), "/tmp/.../..a/.b");
}

TEST(VfsPath, RelativeAndEmptyPathsAreRefused) {
    EXPECT_EQ(error_of(""), PathError::BadPath);
    EXPECT_EQ(error_of("tmp/a"), PathError::BadPath);
    EXPECT_EQ(error_of("./a"), PathError::BadPath);
}

TEST(VfsPath, NulIsRefused) {
    EXPECT_EQ(error_of(std::string("/tmp/a\0b", 8)), PathError::BadPath);
}

TEST(VfsPath, ComponentLengthLimit) {
    std::string longest = "/" + std::string(kPathMaxNameBytes, 'x');
    EXPECT_EQ(error_of(longest), PathError::None);
    EXPECT_EQ(error_of(longest + "y"), PathError::NameTooLong);
}

TEST(VfsPath, WholePathLengthLimit) {
    std::string path;
    while (path.size() + 100 <= kPathMaxBytes)
        path += "/" + std::string(99, 'n');
    path += "/" + std::string(kPathMaxBytes - path.size() - 1, 'n');
    ASSERT_EQ(path.size(), kPathMaxBytes);
    EXPECT_EQ(error_of(path), PathError::None);
    EXPECT_EQ(error_of(path + "/"), PathError::NameTooLong); // over the limit, even if only a slash
}

TEST(VfsPath, DepthLimit) {
    std::string path;
    for (size_t i = 0; i < kPathMaxDepth; ++i)
        path += "/d";
    EXPECT_EQ(error_of(path), PathError::None);
    EXPECT_EQ(error_of(path + "/d"), PathError::BadPath);
    // Going up frees depth again.
    EXPECT_EQ(error_of(path + "/../d"), PathError::None);
}

TEST(VfsPath, Utf8NamesAreKept) {
    EXPECT_EQ(normalized("/tmp/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x98\x80"),
              "/tmp/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x98\x80");
}

TEST(VfsPath, MalformedUtf8IsRefused) {
    EXPECT_EQ(error_of("/tmp/\x80"), PathError::BadPath);             // stray continuation
    EXPECT_EQ(error_of("/tmp/\xc3"), PathError::BadPath);             // truncated sequence
    EXPECT_EQ(error_of("/tmp/\xc0\xaf"), PathError::BadPath);         // overlong '/'
    EXPECT_EQ(error_of("/tmp/\xed\xa0\x80"), PathError::BadPath);     // a surrogate
    EXPECT_EQ(error_of("/tmp/\xf4\x90\x80\x80"), PathError::BadPath); // past U+10FFFF
    EXPECT_EQ(error_of("/tmp/\xff"), PathError::BadPath);
}

TEST(VfsPath, ParseCanBeRepeated) {
    NormalizedPath path;
    ASSERT_EQ(path.parse("/tmp/a/b"), PathError::None);
    ASSERT_EQ(path.parse("/boot"), PathError::None);
    EXPECT_EQ(std::string(path.text().data(), path.text().length()), "/boot");
    EXPECT_EQ(path.components().size(), 1u);
    EXPECT_EQ(path.parse("relative"), PathError::BadPath);
}
