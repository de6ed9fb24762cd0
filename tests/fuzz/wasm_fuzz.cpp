// libFuzzer target for the WebAssembly decoder and validator. Any input must be refused with a
// diagnostic that has a reason, or decode into a module whose names and code lie inside the
// input and which the validator then accepts or refuses the same way. The arena sizes the
// headers promise must always be enough: NoMemory is a bug. Never a crash, hang or
// out-of-bounds read (build with -fsanitize=fuzzer,address,undefined).
//
// Sources: user/wasm/*.cpp. Seeds: the modules wasm_data.cmake writes
// (build/host/tests/host/wasm_data).

#include <wasm/decoder.h>
#include <wasm/validator.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

using namespace mica;
using namespace mica::wasm;

namespace {

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

bool inside(const void* begin, size_t length, Bytes input) {
    auto first = static_cast<const uint8_t*>(begin);
    return length == 0 || (first >= input.data() && first + length <= input.end());
}

// Heap memory standing in for the pages a native program would map for its arenas.
struct Buffer {
    explicit Buffer(size_t size) : data(malloc(size ? size : 1)), size(size) {}
    ~Buffer() { free(data); }
    void* data;
    size_t size;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes input(data, size);
    Buffer arena_memory(decoder_arena_size(size));
    Arena arena(arena_memory.data, arena_memory.size);
    Diagnostic diagnostic;
    auto module = decode_module(input, arena, &diagnostic);
    if (module.is_error()) {
        check(module.error() != Error::NoMemory);
        check(diagnostic.reason != nullptr && diagnostic.reason[0] != '\0');
        check(diagnostic.offset <= size);
        return 0;
    }
    const Module& m = module.value();
    for (const Import& import : m.imports) {
        check(inside(import.module.data(), import.module.length(), input));
        check(inside(import.name.data(), import.name.length(), input));
    }
    for (const Export& item : m.exports)
        check(inside(item.name.data(), item.name.length(), input));
    for (const FunctionBody& body : m.bodies)
        check(inside(body.code.data(), body.code.size(), input));
    for (const DataSegment& segment : m.data)
        check(inside(segment.bytes.data(), segment.bytes.size(), input));
    check(m.bodies.size() + m.imported_functions == m.function_types.size());
    for (uint32_t type : m.function_types)
        check(type < m.types.size());

    Buffer scratch_memory(validator_arena_size(m));
    Arena scratch(scratch_memory.data, scratch_memory.size);
    auto valid = validate_module(m, scratch, &diagnostic);
    if (valid.is_error()) {
        check(valid.error() != Error::NoMemory);
        check(diagnostic.reason != nullptr && diagnostic.reason[0] != '\0');
        check(diagnostic.offset <= size);
    }
    return 0;
}
