#include <lib/align.h>
#include <lib/bytes.h>
#include <lib/multiboot2.h>

namespace mica {

using multiboot2::TagType;

namespace {

// Payload sizes of the fixed parts of the tags we read (Multiboot2 Specification 2.0, 3.6).
constexpr size_t kModuleFixedSize = 8;       // mod_start, mod_end
constexpr size_t kMemoryMapFixedSize = 8;    // entry_size, entry_version
constexpr size_t kMemoryEntryMinSize = 24;   // base_addr, length, type, reserved
constexpr size_t kFramebufferFixedSize = 22; // address .. framebuffer_type
constexpr size_t kBasicMemoryInfoSize = 8;   // mem_lower, mem_upper
constexpr size_t kRsdpV1Size = 20;
constexpr size_t kRsdpV2Size = 36;

bool is_terminated(Bytes bytes) {
    for (uint8_t byte : bytes) {
        if (byte == 0)
            return true;
    }
    return false;
}

StringView string_of(Bytes bytes) {
    return StringView::from_bounded(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// The checks a tag's payload must pass before accessors may read it.
Result<void> check_payload(uint32_t type, Bytes payload) {
    switch (TagType(type)) {
    case TagType::CommandLine:
    case TagType::BootLoaderName:
        if (!is_terminated(payload))
            return Error::Malformed;
        return {};
    case TagType::Module:
        if (payload.size() < kModuleFixedSize)
            return Error::Truncated;
        if (load_le32(payload.data() + 4) < load_le32(payload.data()))
            return Error::Malformed;
        if (!is_terminated(payload.subspan(kModuleFixedSize)))
            return Error::Malformed;
        return {};
    case TagType::MemoryMap: {
        if (payload.size() < kMemoryMapFixedSize)
            return Error::Truncated;
        uint32_t entry_size = load_le32(payload.data());
        // Later versions may grow entries, but never shrink them below the version 0 layout.
        if (entry_size < kMemoryEntryMinSize || !is_aligned(entry_size, 8))
            return Error::Malformed;
        if ((payload.size() - kMemoryMapFixedSize) % entry_size != 0)
            return Error::Malformed;
        return {};
    }
    case TagType::Framebuffer:
        return payload.size() < kFramebufferFixedSize ? Result<void>(Error::Truncated)
                                                      : Result<void>();
    case TagType::BasicMemoryInfo:
        return payload.size() < kBasicMemoryInfoSize ? Result<void>(Error::Truncated)
                                                     : Result<void>();
    case TagType::AcpiOldRsdp:
        return payload.size() < kRsdpV1Size ? Result<void>(Error::Truncated) : Result<void>();
    case TagType::AcpiNewRsdp:
        return payload.size() < kRsdpV2Size ? Result<void>(Error::Truncated) : Result<void>();
    default: return {}; // tags we do not read need only fit
    }
}

} // namespace

Multiboot2MemoryEntry decode_multiboot2_memory_entry(const uint8_t* entry) {
    return {
        .base = load_le64(entry), .length = load_le64(entry + 8), .type = load_le32(entry + 16)};
}

Result<Multiboot2Info> Multiboot2Info::parse(Bytes blob) {
    using multiboot2::kFixedPartSize, multiboot2::kTagHeaderSize, multiboot2::kTagAlignment;
    if (blob.size() < kFixedPartSize)
        return Error::Truncated;
    uint32_t total_size = load_le32(blob.data());
    if (total_size < kFixedPartSize + kTagHeaderSize)
        return Error::Malformed;
    if (total_size > blob.size())
        return Error::Truncated;

    // The one walk: every tag starts 8-byte aligned, fits, has a sane payload, and an end tag
    // closes the list before total_size runs out.
    uint64_t offset = kFixedPartSize;
    for (;;) {
        if (total_size - offset < kTagHeaderSize)
            return Error::Truncated;
        uint32_t type = load_le32(blob.data() + offset);
        uint32_t size = load_le32(blob.data() + offset + 4);
        if (size < kTagHeaderSize)
            return Error::Malformed;
        if (size > total_size - offset)
            return Error::Truncated;
        if (TagType(type) == TagType::End) {
            if (size != kTagHeaderSize)
                return Error::Malformed;
            break;
        }
        TRY(check_payload(type, blob.subspan(offset + kTagHeaderSize, size - kTagHeaderSize)));
        offset = align_up(offset + size, kTagAlignment);
        if (offset > total_size)
            return Error::Truncated;
    }
    return Multiboot2Info(blob.data(), total_size);
}

Result<Multiboot2Info> Multiboot2Info::parse(const void* blob, size_t max_size) {
    if (max_size < multiboot2::kFixedPartSize)
        return Error::Truncated;
    const auto* bytes = static_cast<const uint8_t*>(blob);
    uint32_t total_size = load_le32(bytes);
    if (total_size > max_size)
        return Error::Truncated;
    return parse(Bytes(bytes, total_size));
}

Multiboot2Tag Multiboot2Info::TagIterator::operator*() const {
    uint32_t size = load_le32(m_blob + m_offset + 4);
    return {.type = load_le32(m_blob + m_offset),
            .offset = m_offset,
            .payload = Bytes(m_blob + m_offset + multiboot2::kTagHeaderSize,
                             size - multiboot2::kTagHeaderSize)};
}

Multiboot2Info::TagIterator& Multiboot2Info::TagIterator::operator++() {
    uint32_t size = load_le32(m_blob + m_offset + 4);
    m_offset = uint32_t(align_up(uint64_t(m_offset) + size, multiboot2::kTagAlignment));
    return *this;
}

Multiboot2Info::TagIterator Multiboot2Info::begin() const {
    return TagIterator(m_blob, multiboot2::kFixedPartSize);
}

Multiboot2Info::TagIterator Multiboot2Info::end() const {
    // parse() proved an end tag exists; find its offset.
    uint32_t offset = multiboot2::kFixedPartSize;
    while (load_le32(m_blob + offset) != uint32_t(TagType::End))
        offset = uint32_t(align_up(uint64_t(offset) + load_le32(m_blob + offset + 4), 8));
    return TagIterator(m_blob, offset);
}

Optional<Multiboot2Tag> Multiboot2Info::find(TagType type) const {
    for (Multiboot2Tag tag : *this) {
        if (tag.is(type))
            return tag;
    }
    return {};
}

Optional<StringView> Multiboot2Info::command_line() const {
    if (auto tag = find(TagType::CommandLine))
        return string_of(tag->payload);
    return {};
}

Optional<StringView> Multiboot2Info::boot_loader_name() const {
    if (auto tag = find(TagType::BootLoaderName))
        return string_of(tag->payload);
    return {};
}

size_t Multiboot2Info::module_count() const {
    size_t count = 0;
    for (Multiboot2Tag tag : *this)
        count += tag.is(TagType::Module);
    return count;
}

Optional<Multiboot2Module> Multiboot2Info::module(size_t index) const {
    for (Multiboot2Tag tag : *this) {
        if (!tag.is(TagType::Module) || index-- != 0)
            continue;
        return Multiboot2Module{.start = load_le32(tag.payload.data()),
                                .end = load_le32(tag.payload.data() + 4),
                                .name = string_of(tag.payload.subspan(kModuleFixedSize))};
    }
    return {};
}

Multiboot2MemoryMap Multiboot2Info::memory_map() const {
    auto tag = find(TagType::MemoryMap);
    if (!tag)
        return {};
    uint32_t entry_size = load_le32(tag->payload.data());
    size_t count = (tag->payload.size() - kMemoryMapFixedSize) / entry_size;
    return Multiboot2MemoryMap(tag->payload.data() + kMemoryMapFixedSize, entry_size, count);
}

Optional<Multiboot2Framebuffer> Multiboot2Info::framebuffer() const {
    auto tag = find(TagType::Framebuffer);
    if (!tag)
        return {};
    const uint8_t* p = tag->payload.data();
    return Multiboot2Framebuffer{.address = load_le64(p),
                                 .pitch = load_le32(p + 8),
                                 .width = load_le32(p + 12),
                                 .height = load_le32(p + 16),
                                 .bits_per_pixel = p[20],
                                 .type = p[21]};
}

Optional<Multiboot2Tag> Multiboot2Info::acpi_rsdp() const {
    if (auto tag = find(TagType::AcpiNewRsdp))
        return tag;
    return find(TagType::AcpiOldRsdp);
}

} // namespace mica
