#pragma once
// The WebAssembly binary format decoder: checks the header, the section order (each known
// section at most once, custom sections anywhere, their names valid UTF-8), every section's
// size and contents, and that the function and code sections agree, and builds a Module. It
// does not look inside function bodies; validate_module() (validator.h) does that.
//
//   Diagnostic why;
//   Arena arena(buffer, decoder_arena_size(bytes.size()));
//   auto module = decode_module(bytes, arena, &why);
//   if (module.is_error())
//       format(console, "{}: {}\n", module.error(), why);   // "code section, offset 0x1a3: ..."
//
// Supports WebAssembly 1.0 plus what clang emits for wasm32 by default and the encodings those
// proposals introduced: mutable global imports/exports, bulk memory (the data count section,
// passive segments, element segment flags 0-7), reference types in tables and element
// segments, multi-value function types.

#include <lib/result.h>
#include <wasm/arena.h>
#include <wasm/diagnostic.h>
#include <wasm/module.h>

namespace mica::wasm {

// An arena of this size always suffices for a module of `module_size` bytes: every table entry
// the decoder stores is at most this many times larger than its smallest encoding.
constexpr size_t decoder_arena_size(size_t module_size) { return 1024 + 32 * module_size; }

Result<Module> decode_module(Bytes bytes, Arena& arena, Diagnostic* diagnostic = nullptr);

} // namespace mica::wasm
