#pragma once
// Runs one spec test script as wast2json writes it (a .json command list beside the .wasm
// files it names) against Mica's decoder, validator, compiler and interpreter, and counts
// each command that checks something: module, action and every assert_*. Text-format modules
// (assert_malformed/assert_invalid of module_type "text") and SIMD values count as skipped.

#include <string>

namespace mica::wasm::spectest {

struct ScriptResult {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
};

// `json_path`: the script; failures are described on stdout unless `quiet`.
ScriptResult run_script(const std::string& json_path, bool quiet);

} // namespace mica::wasm::spectest
