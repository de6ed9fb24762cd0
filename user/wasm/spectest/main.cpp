// wasm_spectest: runs WebAssembly spec test scripts converted by wabt's wast2json.
//   wasm_spectest [--quiet] script.json...
// Prints "<file>: N passed, M failed, K skipped" per script and "N passed, N failed" in total;
// exits non-zero when anything failed.

#include "script.h"

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    using namespace mica::wasm::spectest;
    bool quiet = false;
    ScriptResult total;
    int scripts = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
            continue;
        }
        ScriptResult result = run_script(argv[i], quiet);
        std::string name = argv[i];
        size_t slash = name.find_last_of('/');
        if (slash != std::string::npos)
            name = name.substr(slash + 1);
        std::printf("%s: %d passed, %d failed, %d skipped\n", name.c_str(), result.passed,
                    result.failed, result.skipped);
        total.passed += result.passed;
        total.failed += result.failed;
        total.skipped += result.skipped;
        ++scripts;
    }
    if (scripts == 0) {
        std::fprintf(stderr, "usage: wasm_spectest [--quiet] script.json...\n");
        return 2;
    }
    std::printf("%d passed, %d failed, %d skipped\n", total.passed, total.failed, total.skipped);
    return total.failed == 0 ? 0 : 1;
}
