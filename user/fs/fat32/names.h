#pragma once
// File names on FAT32: long names are UCS-2 (we accept UTF-16 surrogate pairs when reading) and
// Mica speaks UTF-8; every entry also has an 8.3 short name, which we derive from the long one
// the way the FAT specification describes ("basis name" plus a "~N" numeric tail).
// Comparisons fold ASCII letters only; other characters must match exactly.

#include <lib/result.h>
#include <lib/string_view.h>

namespace mica::fs::fat32 {

constexpr size_t kShortNameLength = 11;
// 255 UCS-2 units at up to 3 UTF-8 bytes each, and a NUL.
constexpr size_t kMaxNameBytes = 255 * 3 + 1;

// UTF-8 -> UCS-2. Invalid UTF-8, characters outside the Basic Multilingual Plane and names
// longer than `capacity` units are refused.
Result<size_t> utf8_to_ucs2(StringView name, uint16_t* out, size_t capacity);
// UTF-16 -> UTF-8 into `out` (NUL-terminated); a lone surrogate becomes U+FFFD. Returns the
// length, or kMaxNameBytes if `capacity` was too small (never happens with kMaxNameBytes).
size_t ucs2_to_utf8(const uint16_t* units, size_t count, char* out, size_t capacity);

// Refuses what no FAT name may be: empty, ".", "..", longer than 255 units, control characters,
// any of " * / : < > ? \ |, or a trailing space or period. Returns the reason.
const char* check_long_name(StringView name);

// True if `name` is itself a valid 8.3 name (each part all upper or all lower case): then it
// is stored as a short entry alone, with the lower-case flags in `nt_case`.
bool as_short_name(StringView name, uint8_t out[kShortNameLength], uint8_t* nt_case);
// The specification's basis name for `name` (upper case, illegal characters as '_', spaces and
// leading periods dropped, 8 + 3 characters).
void short_name_basis(StringView name, uint8_t out[kShortNameLength]);
// `basis` with "~N" at the end of its base part, e.g. LONGFI~1.TXT for N = 1.
void with_numeric_tail(const uint8_t basis[kShortNameLength], uint32_t n,
                       uint8_t out[kShortNameLength]);

// The display form of a short name: "README.TXT", or "readme.txt" if the case flags say so.
size_t short_name_to_text(const uint8_t raw[kShortNameLength], uint8_t nt_case, char* out);

// The checksum a long-name entry stores of its short name.
uint8_t short_name_checksum(const uint8_t raw[kShortNameLength]);

bool equal_ignoring_case(StringView a, StringView b);

} // namespace mica::fs::fat32
