// WASI path resolution (user/wasm/wasi/path.h): normalisation and confinement to the preopen.

#include <gtest/gtest.h>
#include <wasm/wasi/path.h>

#include <string>

using namespace mica;
using namespace mica::wasm::wasi;

namespace {

std::string resolved(StringView base, StringView path, Errno expected = Errno::Success) {
    PathBuffer out;
    EXPECT_EQ(resolve_path(base, path, out), expected);
    return std::string(out.chars, out.length);
}

} // namespace

TEST(WasiPath, NormalisesComponents) {
    EXPECT_EQ(resolved("", "a/b/c.txt"), "a/b/c.txt");
    EXPECT_EQ(resolved("", "./a//b/./c/"), "a/b/c");
    EXPECT_EQ(resolved("", ""), "");
    EXPECT_EQ(resolved("", "."), "");
    EXPECT_EQ(resolved("docs", "x"), "docs/x");
}

TEST(WasiPath, DotDotStaysInsideTheRoot) {
    EXPECT_EQ(resolved("", "a/../b"), "b");
    EXPECT_EQ(resolved("docs/deep", "../../x"), "x");
    EXPECT_EQ(resolved("", "a/.."), "");
    resolved("", "..", Errno::NotCapable);
    resolved("", "a/../../etc/passwd", Errno::NotCapable);
    resolved("docs", "../../x", Errno::NotCapable);
}

TEST(WasiPath, RefusesAbsolutePathsNulAndOverlongPaths) {
    resolved("", "/etc/passwd", Errno::NotCapable);
    resolved("", StringView("a\0b", 3), Errno::Invalid);
    std::string long_component(kMaxPathLength + 1, 'x');
    resolved("", StringView(long_component.data(), long_component.size()), Errno::NameTooLong);
}
