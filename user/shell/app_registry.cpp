#include "app_registry.h"

namespace mica::shell {

StringView registry_root(vfs::Client& files) {
    auto disk = vfs::stat(files, "/disk");
    return disk.is_ok() && disk.value().type == vfs::NodeType::Directory ? StringView("/disk")
                                                                         : StringView("/tmp");
}

vfs::Status ensure_directory(vfs::Client& files, StringView path) {
    auto made = vfs::make_directory(files, path);
    if (made.is_ok())
        return vfs::Status::Ok;
    if (made.error() != vfs::Status::Exists)
        return made.error();
    auto existing = vfs::stat(files, path);
    if (existing.is_error())
        return existing.error();
    return existing.value().type == vfs::NodeType::Directory ? vfs::Status::Ok
                                                             : vfs::Status::NotDirectory;
}

vfs::Status write_whole_file(vfs::Client& files, StringView path, Bytes data) {
    auto file = vfs::File::open(files, path,
                                vfs::open_flags::kWrite | vfs::open_flags::kCreate |
                                    vfs::open_flags::kTruncate);
    if (file.is_error())
        return file.error();
    size_t done = 0;
    while (done < data.size()) {
        auto written = file.value().write(Bytes(data.data() + done, data.size() - done));
        if (written.is_error())
            return written.error();
        if (written.value() == 0)
            return vfs::Status::IoError; // no progress: never loop forever
        done += written.value();
    }
    auto closed = file.value().close();
    return closed.is_error() ? closed.error() : vfs::Status::Ok;
}

vfs::Status read_whole_file(vfs::Client& files, StringView path, Span<uint8_t> buffer,
                            size_t& length) {
    auto file = vfs::File::open(files, path, vfs::open_flags::kRead);
    if (file.is_error())
        return file.error();
    length = 0;
    for (;;) {
        if (length == buffer.size()) {
            // Full: one more byte would mean the file does not fit.
            uint8_t probe = 0;
            auto more = file.value().read(Span<uint8_t>(&probe, 1));
            if (more.is_error())
                return more.error();
            return more.value() == 0 ? vfs::Status::Ok : vfs::Status::NoSpace;
        }
        auto read =
            file.value().read(Span<uint8_t>(buffer.data() + length, buffer.size() - length));
        if (read.is_error())
            return read.error();
        if (read.value() == 0)
            return vfs::Status::Ok;
        length += read.value();
    }
}

vfs::Status remove_flat_directory(vfs::Client& files, StringView path) {
    // Collected first: removing entries while listing would move the listing's cookie.
    constexpr size_t kMaxEntries = 72; // a bundle has at most 64 entries
    static char names[kMaxEntries][vfs::protocol::kMaxNameBytes];
    static size_t lengths[kMaxEntries];
    size_t count = 0;
    bool too_many = false;
    auto listed = vfs::read_directory(files, path, [&](const vfs::Entry& entry) {
        if (count == kMaxEntries) {
            too_many = true;
            return;
        }
        for (size_t i = 0; i < entry.name_length; ++i)
            names[count][i] = entry.name_bytes[i];
        lengths[count++] = entry.name_length;
    });
    if (listed.is_error())
        return listed.error();
    if (too_many)
        return vfs::Status::NotEmpty;
    for (size_t i = 0; i < count; ++i) {
        Path entry;
        if (!entry.set("{}/{}", path, StringView(names[i], lengths[i])))
            return vfs::Status::NameTooLong;
        if (auto removed = vfs::unlink(files, entry.view()); removed.is_error())
            return removed.error();
    }
    auto removed = vfs::unlink(files, path);
    return removed.is_error() ? removed.error() : vfs::Status::Ok;
}

} // namespace mica::shell
