// Calls on a descriptor: reads and writes (streams, files), positions, status, preopens and
// directory listings.

#include <wasm/wasi/calls.h>

namespace mica::wasm::wasi::calls {

namespace {

constexpr uint32_t kMaxIovecs = 1024; // IOV_MAX

// The descriptor `fd` if it has `right`: BadFd when there is none, NotCapable without the right.
Errno lookup(Wasi& wasi, uint32_t fd, uint64_t right, Descriptor*& descriptor) {
    descriptor = wasi.descriptors().get(fd);
    if (!descriptor)
        return Errno::BadFd;
    if ((descriptor->rights & right) != right)
        return Errno::NotCapable;
    return Errno::Success;
}

// Checks an iovec array and every buffer it names.
Errno check_iovecs(GuestMemory& memory, uint32_t iovecs, uint32_t count) {
    if (count > kMaxIovecs)
        return Errno::Invalid;
    if (!memory.contains(iovecs, uint64_t(count) * layout::kIovecSize))
        return Errno::Fault;
    for (uint32_t i = 0; i < count; ++i) {
        uint64_t at = iovecs + uint64_t(i) * layout::kIovecSize;
        if (!memory.contains(memory.load_u32(at), memory.load_u32(at + 4)))
            return Errno::Fault;
    }
    return Errno::Success;
}

Span<uint8_t> iovec(GuestMemory& memory, uint32_t iovecs, uint32_t index) {
    uint64_t at = iovecs + uint64_t(index) * layout::kIovecSize;
    return memory.bytes(memory.load_u32(at), memory.load_u32(at + 4));
}

// Reads into the iovecs from a stream or a file at `offset`; stops at the first short read.
Errno read_into(Wasi& wasi, Descriptor& descriptor, GuestMemory& memory, uint32_t iovecs,
                uint32_t count, uint64_t offset, uint64_t& total) {
    total = 0;
    for (uint32_t i = 0; i < count; ++i) {
        Span<uint8_t> buffer = iovec(memory, iovecs, i);
        if (buffer.is_empty())
            continue;
        size_t done = 0;
        Errno result = descriptor.kind == DescriptorKind::Stream
                           ? wasi.host().read(descriptor.stream, buffer, done)
                           : wasi.file_system(descriptor)
                                 .read(descriptor.handle, offset + total, buffer, done);
        if (result != Errno::Success)
            return total ? Errno::Success : result;
        total += done;
        if (done < buffer.size())
            break;
    }
    return Errno::Success;
}

Errno write_from(Wasi& wasi, Descriptor& descriptor, GuestMemory& memory, uint32_t iovecs,
                 uint32_t count, uint64_t offset, uint64_t& total) {
    total = 0;
    for (uint32_t i = 0; i < count; ++i) {
        Span<uint8_t> writable = iovec(memory, iovecs, i);
        Span<const uint8_t> buffer(writable.data(), writable.size());
        if (buffer.is_empty())
            continue;
        size_t done = buffer.size();
        Errno result = descriptor.kind == DescriptorKind::Stream
                           ? wasi.host().write(descriptor.stream, buffer)
                           : wasi.file_system(descriptor)
                                 .write(descriptor.handle, offset + total, buffer, done);
        if (result != Errno::Success)
            return total ? Errno::Success : result;
        total += done;
        if (done < buffer.size())
            break;
    }
    return Errno::Success;
}

// The checks every read and write makes before moving bytes, in this order: the descriptor
// (args[0]) with `right`, plus seek and being a file for the positioned calls; not a directory;
// the iovecs (args[1], args[2]); the word for the byte count (args[3], or args[4] after the
// positioned calls' offset).
Errno prepare_transfer(Wasi& wasi, GuestMemory& memory, Span<Value> args, uint64_t right,
                       bool positioned, Descriptor*& descriptor) {
    Errno result =
        lookup(wasi, args[0].u32, positioned ? right | rights::kFdSeek : right, descriptor);
    if (result != Errno::Success)
        return result;
    if (positioned && descriptor->kind == DescriptorKind::Stream)
        return Errno::SeekPipe;
    if (descriptor->kind == DescriptorKind::Directory)
        return Errno::IsDirectory;
    if ((result = check_iovecs(memory, args[1].u32, args[2].u32)) != Errno::Success)
        return result;
    if (!memory.contains(args[positioned ? 4 : 3].u32, 4))
        return Errno::Fault;
    return Errno::Success;
}

Errno file_size(Wasi& wasi, Descriptor& descriptor, uint64_t& size) {
    FileStat stat;
    Errno result = wasi.file_system(descriptor).stat(descriptor.handle, stat);
    size = stat.size;
    return result;
}

} // namespace

void store_filestat(GuestMemory& memory, uint64_t address, const FileStat& stat) {
    memory.fill_zero(address, layout::kFilestatSize);
    memory.store_u64(address, stat.device);
    memory.store_u64(address + 8, stat.inode);
    memory.store_u8(address + 16, uint8_t(stat.type));
    memory.store_u64(address + 24, stat.links);
    memory.store_u64(address + 32, stat.size);
    memory.store_u64(address + 40, stat.access_time);
    memory.store_u64(address + 48, stat.modify_time);
    memory.store_u64(address + 56, stat.change_time);
}

Errno fd_read(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = prepare_transfer(wasi, memory, args, rights::kFdRead, false, descriptor);
    if (result != Errno::Success)
        return result;
    uint64_t total = 0;
    result =
        read_into(wasi, *descriptor, memory, args[1].u32, args[2].u32, descriptor->offset, total);
    if (result != Errno::Success)
        return result;
    if (descriptor->kind == DescriptorKind::File)
        descriptor->offset += total;
    memory.store_u32(args[3].u32, uint32_t(total));
    return Errno::Success;
}

Errno fd_write(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = prepare_transfer(wasi, memory, args, rights::kFdWrite, false, descriptor);
    if (result != Errno::Success)
        return result;
    uint64_t offset = descriptor->offset;
    if (descriptor->kind == DescriptorKind::File && (descriptor->flags & fdflags::kAppend)) {
        if ((result = file_size(wasi, *descriptor, offset)) != Errno::Success)
            return result;
    }
    uint64_t total = 0;
    result = write_from(wasi, *descriptor, memory, args[1].u32, args[2].u32, offset, total);
    if (result != Errno::Success)
        return result;
    if (descriptor->kind == DescriptorKind::File)
        descriptor->offset = offset + total;
    memory.store_u32(args[3].u32, uint32_t(total));
    return Errno::Success;
}

Errno fd_pread(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = prepare_transfer(wasi, memory, args, rights::kFdRead, true, descriptor);
    if (result != Errno::Success)
        return result;
    uint64_t total = 0;
    result = read_into(wasi, *descriptor, memory, args[1].u32, args[2].u32, args[3].u64, total);
    if (result == Errno::Success)
        memory.store_u32(args[4].u32, uint32_t(total));
    return result;
}

Errno fd_pwrite(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = prepare_transfer(wasi, memory, args, rights::kFdWrite, true, descriptor);
    if (result != Errno::Success)
        return result;
    uint64_t total = 0;
    result = write_from(wasi, *descriptor, memory, args[1].u32, args[2].u32, args[3].u64, total);
    if (result == Errno::Success)
        memory.store_u32(args[4].u32, uint32_t(total));
    return result;
}

Errno fd_seek(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = lookup(wasi, args[0].u32, 0, descriptor);
    if (result != Errno::Success)
        return result;
    if (descriptor->kind == DescriptorKind::Stream)
        return Errno::SeekPipe;
    if (descriptor->kind != DescriptorKind::File)
        return Errno::IsDirectory;
    auto whence = Whence(args[2].u32);
    int64_t offset = args[1].i64;
    // fd_seek(0, CUR) is how wasi-libc asks for the position, which only needs fd_tell.
    uint64_t needed = whence == Whence::Current && offset == 0 ? rights::kFdTell : rights::kFdSeek;
    if ((descriptor->rights & needed) != needed)
        return Errno::NotCapable;
    uint64_t base = 0;
    if (whence == Whence::Current)
        base = descriptor->offset;
    else if (whence == Whence::End &&
             (result = file_size(wasi, *descriptor, base)) != Errno::Success)
        return result;
    else if (whence != Whence::Set && whence != Whence::End)
        return Errno::Invalid;
    if (offset < 0 && uint64_t(-(offset + 1)) + 1 > base)
        return Errno::Invalid;
    uint64_t position = base + uint64_t(offset);
    if (offset > 0 && position < base)
        return Errno::Overflow;
    if (!memory.contains(args[3].u32, 8))
        return Errno::Fault;
    descriptor->offset = position;
    memory.store_u64(args[3].u32, position);
    return Errno::Success;
}

Errno fd_tell(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = lookup(wasi, args[0].u32, rights::kFdTell, descriptor);
    if (result != Errno::Success)
        return result;
    if (descriptor->kind != DescriptorKind::File)
        return Errno::SeekPipe;
    if (!memory.contains(args[1].u32, 8))
        return Errno::Fault;
    memory.store_u64(args[1].u32, descriptor->offset);
    return Errno::Success;
}

Errno fd_close(Wasi& wasi, GuestMemory&, Span<Value> args) {
    Descriptor* descriptor = wasi.descriptors().get(args[0].u32);
    if (!descriptor)
        return Errno::BadFd;
    if (descriptor->kind == DescriptorKind::File ||
        (descriptor->kind == DescriptorKind::Directory && !descriptor->is_preopen))
        wasi.file_system(*descriptor).close(descriptor->handle);
    wasi.descriptors().release(args[0].u32);
    return Errno::Success;
}

Errno fd_fdstat_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = wasi.descriptors().get(args[0].u32);
    if (!descriptor)
        return Errno::BadFd;
    uint32_t at = args[1].u32;
    if (!memory.contains(at, layout::kFdstatSize))
        return Errno::Fault;
    FileType type = descriptor->kind == DescriptorKind::Stream      ? FileType::CharacterDevice
                    : descriptor->kind == DescriptorKind::Directory ? FileType::Directory
                                                                    : FileType::RegularFile;
    memory.fill_zero(at, layout::kFdstatSize);
    memory.store_u8(at, uint8_t(type));
    memory.store_u16(at + 2, descriptor->flags);
    memory.store_u64(at + 8, descriptor->rights);
    memory.store_u64(at + 16, descriptor->inheriting);
    return Errno::Success;
}

// Only append can change, and only on files: the streams and directories have no flags that
// mean anything here, and the synchronous-write flags would need the file system's help.
Errno fd_fdstat_set_flags(Wasi& wasi, GuestMemory&, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = lookup(wasi, args[0].u32, rights::kFdFdstatSetFlags, descriptor);
    if (result != Errno::Success)
        return result;
    uint32_t flags = args[1].u32;
    if (flags == descriptor->flags)
        return Errno::Success;
    if (descriptor->kind != DescriptorKind::File || (flags & ~uint32_t(fdflags::kAppend)))
        return Errno::NotSupported;
    descriptor->flags = uint16_t(flags);
    return Errno::Success;
}

Errno fd_filestat_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = lookup(wasi, args[0].u32, rights::kFdFilestatGet, descriptor);
    if (result != Errno::Success)
        return result;
    FileStat stat;
    if (descriptor->kind == DescriptorKind::Stream)
        stat.type = FileType::CharacterDevice;
    else if ((result = wasi.file_system(*descriptor).stat(descriptor->handle, stat)) !=
             Errno::Success)
        return result;
    if (!memory.contains(args[1].u32, layout::kFilestatSize))
        return Errno::Fault;
    store_filestat(memory, args[1].u32, stat);
    return Errno::Success;
}

Errno fd_prestat_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = wasi.descriptors().get(args[0].u32);
    if (!descriptor || !descriptor->is_preopen)
        return Errno::BadFd;
    if (!memory.contains(args[1].u32, layout::kPrestatSize))
        return Errno::Fault;
    StringView name = wasi.config().preopens[descriptor->preopen].guest_path;
    memory.fill_zero(args[1].u32, layout::kPrestatSize);
    memory.store_u32(args[1].u32 + 4, uint32_t(name.length()));
    return Errno::Success;
}

Errno fd_prestat_dir_name(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = wasi.descriptors().get(args[0].u32);
    if (!descriptor || !descriptor->is_preopen)
        return Errno::BadFd;
    StringView name = wasi.config().preopens[descriptor->preopen].guest_path;
    uint32_t at = args[1].u32, length = args[2].u32;
    if (length < name.length())
        return Errno::NameTooLong;
    if (!memory.contains(at, name.length()))
        return Errno::Fault;
    for (size_t i = 0; i < name.length(); ++i)
        memory.store_u8(at + i, uint8_t(name[i]));
    return Errno::Success;
}

// Entries are written back to back (header, then the name) until the buffer is full; the last
// one may be cut short, and a full buffer tells the caller to come back with the next cookie.
// A cookie is the index of the entry in the file system's order.
Errno fd_readdir(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* descriptor = nullptr;
    Errno result = lookup(wasi, args[0].u32, rights::kFdReaddir, descriptor);
    if (result == Errno::Success && descriptor->kind != DescriptorKind::Directory)
        result = Errno::NotDirectory;
    if (result != Errno::Success)
        return result;
    uint32_t buffer = args[1].u32, length = args[2].u32, used_at = args[4].u32;
    if (!memory.contains(buffer, length) || !memory.contains(used_at, 4))
        return Errno::Fault;
    uint8_t header[layout::kDirentSize];
    uint32_t used = 0;
    for (uint64_t index = args[3].u64; used < length; ++index) {
        DirectoryEntry entry;
        bool at_end = false;
        result =
            wasi.file_system(*descriptor).read_directory(descriptor->handle, index, entry, at_end);
        if (result != Errno::Success)
            return result;
        if (at_end)
            break;
        for (uint8_t& byte : header)
            byte = 0;
        for (int i = 0; i < 8; ++i) {
            header[i] = uint8_t((index + 1) >> (8 * i));
            header[8 + i] = uint8_t(entry.inode >> (8 * i));
        }
        for (int i = 0; i < 4; ++i)
            header[16 + i] = uint8_t(entry.name.length() >> (8 * i));
        header[20] = uint8_t(entry.type);
        for (uint8_t byte : header) {
            if (used == length)
                break;
            memory.store_u8(buffer + used++, byte);
        }
        for (char c : entry.name) {
            if (used == length)
                break;
            memory.store_u8(buffer + used++, uint8_t(c));
        }
    }
    memory.store_u32(used_at, used);
    return Errno::Success;
}

} // namespace mica::wasm::wasi::calls
