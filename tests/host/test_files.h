#pragma once
// Reading the test inputs the host build makes (device trees, ELF files, archives, wasm
// modules): one helper for every suite.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace mica::test {

// The whole file `directory/name`; empty when it is missing or unreadable, so tests assert on
// that with the file's name.
inline std::vector<uint8_t> read_file(const std::string& directory, const std::string& name) {
    std::ifstream file(directory + "/" + name, std::ios::binary | std::ios::ate);
    if (!file)
        return {};
    std::vector<uint8_t> bytes(size_t(file.tellg()));
    file.seekg(0);
    file.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    return file ? bytes : std::vector<uint8_t>{};
}

} // namespace mica::test
