#include <fs/fat32/directory.h>

#include <lib/bytes.h>

namespace mica::fs::fat32 {

namespace {

void store_le16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}

void store_le32(uint8_t* p, uint32_t v) {
    store_le16(p, uint16_t(v));
    store_le16(p + 2, uint16_t(v >> 16));
}

// Offsets of the 13 UCS-2 units inside a long-name entry.
constexpr uint8_t kUnitOffsets[dirent::kLongUnitsPerEntry] = {1,  3,  5,  7,  9,  14, 16,
                                                              18, 20, 22, 24, 28, 30};

void decode_short_entry(const uint8_t* raw, DirEntry& out) {
    __builtin_memcpy(out.short_name, raw + dirent::kName, kShortNameLength);
    out.nt_case = raw[dirent::kNtCase];
    out.attributes = raw[dirent::kAttributes];
    out.first_cluster = uint32_t(load_le16(raw + dirent::kClusterHigh)) << 16 |
                        load_le16(raw + dirent::kClusterLow);
    out.size = load_le32(raw + dirent::kFileSize);
    out.create_tenths = raw[dirent::kCreateTenths];
    out.create_time = load_le16(raw + dirent::kCreateTime);
    out.create_date = load_le16(raw + dirent::kCreateDate);
    out.access_date = load_le16(raw + dirent::kAccessDate);
    out.write_time = load_le16(raw + dirent::kWriteTime);
    out.write_date = load_le16(raw + dirent::kWriteDate);
}

bool is_long_name_entry(const uint8_t* raw) {
    return (raw[dirent::kAttributes] & dirent::kLongNameMask) == dirent::kLongName;
}

Result<bool> short_name_taken(VolumeCore& core, uint32_t directory,
                              const uint8_t name[kShortNameLength]) {
    DirectoryCursor cursor(core, directory);
    uint8_t raw[dirent::kSize];
    for (uint32_t index = 0; TRY(cursor.read_raw(index, raw)); ++index) {
        if (raw[0] == dirent::kEndMarker)
            break;
        if (raw[0] == dirent::kDeleted || is_long_name_entry(raw))
            continue;
        if (__builtin_memcmp(raw, name, kShortNameLength) == 0)
            return true;
    }
    return false;
}

// Picks the short name for a new entry: the name itself if it is a proper 8.3 name, else the
// basis name if that loses nothing and is free, else the first free BASIS~N.
Result<bool> choose_short_name(VolumeCore& core, uint32_t directory, StringView name,
                               uint8_t out[kShortNameLength], uint8_t& nt_case) {
    nt_case = 0;
    if (as_short_name(name, out, &nt_case))
        return false; // no long name needed
    uint8_t basis[kShortNameLength];
    short_name_basis(name, basis);
    char text[16];
    size_t length = short_name_to_text(basis, 0, text);
    if (equal_ignoring_case(StringView(text, length), name) &&
        !TRY(short_name_taken(core, directory, basis))) {
        __builtin_memcpy(out, basis, kShortNameLength);
        return true;
    }
    for (uint32_t n = 1; n < 1000000; ++n) {
        with_numeric_tail(basis, n, out);
        if (!TRY(short_name_taken(core, directory, out)))
            return true;
    }
    return core.problem.fail(kNoSpace, "no free numeric tail for the short name");
}

// Index of the first of `count` consecutive free entries, growing the directory if needed.
Result<uint32_t> find_free_run(VolumeCore& core, uint32_t directory, uint32_t count) {
    DirectoryCursor cursor(core, directory);
    uint8_t raw[dirent::kSize];
    uint32_t run_start = 0;
    uint32_t run = 0;
    uint32_t index = 0;
    bool after_end = false;
    for (; TRY(cursor.read_raw(index, raw)); ++index) {
        if (after_end || raw[0] == dirent::kEndMarker || raw[0] == dirent::kDeleted) {
            after_end = after_end || raw[0] == dirent::kEndMarker;
            if (run == 0)
                run_start = index;
            if (++run == count)
                return run_start;
        } else {
            run = 0;
        }
    }
    // `index` entries exist; grow by enough zeroed clusters for the rest of the run.
    if (run == 0)
        run_start = index;
    uint32_t per_cluster = core.geometry.cluster_bytes() / dirent::kSize;
    uint32_t missing = count - run;
    uint32_t clusters = (missing + per_cluster - 1) / per_cluster;
    if (uint64_t(index) + uint64_t(clusters) * per_cluster > dirent::kMaxDirectoryEntries)
        return core.problem.fail(kNoSpace, "directory is full (65536 entries)");
    if (TRY(core.fat.free_clusters()) < clusters)
        return core.problem.fail(kNoSpace, "no free cluster left to grow the directory");
    uint32_t last = TRY(core.fat.walk(directory, index / per_cluster - 1));
    for (uint32_t i = 0; i < clusters; ++i) {
        last = TRY(core.fat.allocate(last));
        TRY(core.zero_cluster(last));
    }
    return run_start;
}

} // namespace

void encode_short_entry(const DirEntry& fields, const uint8_t name[kShortNameLength],
                        uint8_t out[dirent::kSize]) {
    __builtin_memset(out, 0, dirent::kSize);
    __builtin_memcpy(out + dirent::kName, name, kShortNameLength);
    out[dirent::kAttributes] = fields.attributes;
    out[dirent::kNtCase] = fields.nt_case;
    out[dirent::kCreateTenths] = fields.create_tenths;
    store_le16(out + dirent::kCreateTime, fields.create_time);
    store_le16(out + dirent::kCreateDate, fields.create_date);
    store_le16(out + dirent::kAccessDate, fields.access_date);
    store_le16(out + dirent::kClusterHigh, uint16_t(fields.first_cluster >> 16));
    store_le16(out + dirent::kWriteTime, fields.write_time);
    store_le16(out + dirent::kWriteDate, fields.write_date);
    store_le16(out + dirent::kClusterLow, uint16_t(fields.first_cluster));
    store_le32(out + dirent::kFileSize, fields.size);
}

Result<bool> next_entry(DirectoryCursor& cursor, uint32_t& index, DirEntry& out) {
    uint16_t units[dirent::kMaxEntriesPerName * dirent::kLongUnitsPerEntry];
    uint8_t raw[dirent::kSize];
    // The long-name run being collected: its length, the last order seen, its checksum.
    uint32_t run_entries = 0;
    uint32_t last_order = 0;
    uint8_t checksum = 0;
    uint32_t run_first = 0;
    for (;; ++index) {
        if (index >= dirent::kMaxDirectoryEntries || !TRY(cursor.read_raw(index, raw)))
            return false;
        if (raw[0] == dirent::kEndMarker)
            return false;
        if (raw[0] == dirent::kDeleted) {
            run_entries = 0;
            continue;
        }
        if (is_long_name_entry(raw)) {
            uint32_t order = raw[dirent::kLongOrder] & dirent::kLongOrderMask;
            bool first = raw[dirent::kLongOrder] & dirent::kLongLast;
            if (first && order >= 1 && order < dirent::kMaxEntriesPerName) {
                run_entries = order;
                checksum = raw[dirent::kLongChecksum];
                run_first = index;
            } else if (!(run_entries != 0 && !first && order == last_order - 1 &&
                         raw[dirent::kLongChecksum] == checksum)) {
                run_entries = 0; // orphaned or out of sequence: ignore the run
                continue;
            }
            last_order = order;
            for (size_t i = 0; i < dirent::kLongUnitsPerEntry; ++i)
                units[(order - 1) * dirent::kLongUnitsPerEntry + i] =
                    load_le16(raw + kUnitOffsets[i]);
            continue;
        }
        if (raw[dirent::kAttributes] & dirent::kVolumeLabel) {
            run_entries = 0;
            continue;
        }
        decode_short_entry(raw, out);
        out.index = index;
        out.first_index = index;
        bool long_name =
            run_entries != 0 && last_order == 1 && checksum == short_name_checksum(out.short_name);
        size_t length = 0;
        if (long_name) {
            size_t capacity = run_entries * dirent::kLongUnitsPerEntry;
            while (length < capacity && units[length] != 0x0000)
                ++length;
            if (length == 0 || length > dirent::kMaxLongNameUnits)
                long_name = false;
        }
        if (long_name) {
            out.first_index = run_first;
            out.name_length = ucs2_to_utf8(units, length, out.name, sizeof(out.name));
        } else {
            out.name_length = short_name_to_text(out.short_name, out.nt_case, out.name);
        }
        ++index;
        return true;
    }
}

Result<bool> find_entry(VolumeCore& core, uint32_t directory, StringView name, DirEntry& out) {
    DirectoryCursor cursor(core, directory);
    uint32_t index = 0;
    while (TRY(next_entry(cursor, index, out))) {
        if (equal_ignoring_case(out.name_view(), name))
            return true;
        char short_text[16];
        size_t length = short_name_to_text(out.short_name, 0, short_text);
        if (equal_ignoring_case(StringView(short_text, length), name))
            return true;
    }
    return false;
}

Result<void> add_entry(VolumeCore& core, uint32_t directory, StringView name, DirEntry& fields) {
    if (const char* why = check_long_name(name))
        return core.problem.fail(kBadName, why);
    uint8_t short_name[kShortNameLength];
    uint8_t nt_case = 0;
    bool needs_long = TRY(choose_short_name(core, directory, name, short_name, nt_case));
    uint16_t units[dirent::kMaxLongNameUnits];
    size_t unit_count = 0;
    uint32_t long_entries = 0;
    if (needs_long) {
        unit_count = TRY(utf8_to_ucs2(name, units, dirent::kMaxLongNameUnits));
        long_entries =
            uint32_t((unit_count + dirent::kLongUnitsPerEntry - 1) / dirent::kLongUnitsPerEntry);
    }
    uint32_t first = TRY(find_free_run(core, directory, long_entries + 1));
    DirectoryCursor cursor(core, directory);
    uint8_t checksum = short_name_checksum(short_name);
    uint8_t raw[dirent::kSize];
    for (uint32_t k = long_entries; k >= 1; --k) {
        __builtin_memset(raw, 0, sizeof(raw));
        raw[dirent::kLongOrder] = uint8_t(k | (k == long_entries ? dirent::kLongLast : 0));
        raw[dirent::kAttributes] = dirent::kLongName;
        raw[dirent::kLongChecksum] = checksum;
        for (size_t i = 0; i < dirent::kLongUnitsPerEntry; ++i) {
            size_t position = (k - 1) * dirent::kLongUnitsPerEntry + i;
            uint16_t unit = position < unit_count    ? units[position]
                            : position == unit_count ? uint16_t(0x0000)
                                                     : uint16_t(0xffff);
            store_le16(raw + kUnitOffsets[i], unit);
        }
        TRY(cursor.write_raw(first + (long_entries - k), raw));
    }
    fields.nt_case = nt_case;
    encode_short_entry(fields, short_name, raw);
    TRY(cursor.write_raw(first + long_entries, raw));
    __builtin_memcpy(fields.short_name, short_name, kShortNameLength);
    fields.first_index = first;
    fields.index = first + long_entries;
    size_t length = name.length() < kMaxNameBytes - 1 ? name.length() : kMaxNameBytes - 1;
    __builtin_memcpy(fields.name, name.data(), length);
    fields.name[length] = '\0';
    fields.name_length = length;
    return {};
}

Result<void> remove_entry(VolumeCore& core, uint32_t directory, const DirEntry& entry) {
    DirectoryCursor cursor(core, directory);
    uint8_t raw[dirent::kSize];
    for (uint32_t index = entry.first_index; index <= entry.index; ++index) {
        if (!TRY(cursor.read_raw(index, raw)))
            return core.problem.fail(kCorrupt, "directory entry vanished");
        raw[0] = dirent::kDeleted;
        TRY(cursor.write_raw(index, raw));
    }
    return {};
}

Result<void> update_entry(VolumeCore& core, uint32_t directory, const DirEntry& entry) {
    DirectoryCursor cursor(core, directory);
    uint8_t raw[dirent::kSize];
    encode_short_entry(entry, entry.short_name, raw);
    return cursor.write_raw(entry.index, raw);
}

Result<bool> is_empty_directory(VolumeCore& core, uint32_t directory) {
    DirectoryCursor cursor(core, directory);
    uint32_t index = 0;
    DirEntry entry;
    while (TRY(next_entry(cursor, index, entry))) {
        if (entry.name_view() != "." && entry.name_view() != "..")
            return false;
    }
    return true;
}

} // namespace mica::fs::fat32
