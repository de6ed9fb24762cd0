#include <lib/align.h>
#include <vm/heap_fault.h>
#include <vm/slab.h>

namespace mica {

// Lives at the start of every slab; the allocation bitmap follows it directly.
struct SlabHeader {
    uint64_t magic; // kSlabMagic ^ address: a header copied elsewhere does not validate
    SlabCache* owner;
    SlabHeader* next;
    SlabHeader* prev;
    void* free_list; // each free object holds the address of the next in its first word
    uint32_t in_use;
    uint32_t list; // SlabCache::ListId
};

namespace {

constexpr uint64_t kSlabMagic = 0x534c'4142'4d49'4341; // "SLABMICA"
constexpr size_t kMinObjectsPerSlab = 8;
constexpr size_t kBitsPerWord = 64;

uint64_t magic_for(const SlabHeader* slab) {
    return kSlabMagic ^ reinterpret_cast<uintptr_t>(slab);
}

} // namespace

SlabCache::SlabCache(const char* name, size_t object_size, size_t alignment, PageSource& source,
                     size_t slab_pages)
    : m_name(name), m_object_size(object_size), m_alignment(alignment), m_source(source) {
    if (object_size == 0 || !is_power_of_two(alignment) || alignment > kMaxAlignment)
        return;
    // Free objects hold a link, so an object is at least a pointer large and aligned.
    size_t link_alignment = alignment < alignof(void*) ? alignof(void*) : alignment;
    size_t size = object_size < sizeof(void*) ? sizeof(void*) : object_size;
    if (size > kMaxSlabPages * PageSource::kPageSize)
        return;
    m_stride = align_up(size, link_alignment);
    m_alignment = link_alignment;
    if (slab_pages != 0) {
        if (is_power_of_two(slab_pages) && slab_pages <= kMaxSlabPages)
            compute_layout(slab_pages);
        return;
    }
    for (size_t pages = 1; pages <= kMaxSlabPages; pages *= 2) {
        if (compute_layout(pages) && m_objects_per_slab >= kMinObjectsPerSlab)
            return;
    }
    // Very large objects: settle for the largest slab if it holds any at all.
    compute_layout(kMaxSlabPages);
}

SlabCache::~SlabCache() { shrink(); }

// Fits as many objects as possible after the header and a bitmap sized for them.
bool SlabCache::compute_layout(size_t slab_pages) {
    size_t slab_bytes = slab_pages * PageSource::kPageSize;
    size_t count = (slab_bytes - sizeof(SlabHeader)) / m_stride;
    for (; count > 0; --count) {
        size_t words = (count + kBitsPerWord - 1) / kBitsPerWord;
        size_t first = align_up(sizeof(SlabHeader) + words * sizeof(uint64_t), m_alignment);
        if (first + count * m_stride <= slab_bytes) {
            m_slab_pages = slab_pages;
            m_objects_per_slab = count;
            m_first_offset = first;
            m_bitmap_words = words;
            return true;
        }
    }
    m_objects_per_slab = 0;
    return false;
}

SlabHeader*& SlabCache::head(ListId list) {
    switch (list) {
    case ListId::Partial: return m_partial;
    case ListId::Full: return m_full;
    case ListId::Empty:
    case ListId::None: break;
    }
    return m_empty;
}

uint64_t* SlabCache::bitmap(SlabHeader* slab) const {
    return reinterpret_cast<uint64_t*>(slab + 1);
}

uint8_t* SlabCache::object_at(SlabHeader* slab, size_t index) const {
    return reinterpret_cast<uint8_t*>(slab) + m_first_offset + index * m_stride;
}

size_t SlabCache::index_of(SlabHeader* slab, const void* object) const {
    uintptr_t first = reinterpret_cast<uintptr_t>(object_at(slab, 0));
    uintptr_t address = reinterpret_cast<uintptr_t>(object);
    if (address < first)
        return kNotAnObject;
    size_t offset = address - first;
    size_t index = offset / m_stride;
    if (index >= m_objects_per_slab || offset % m_stride != 0)
        return kNotAnObject;
    return index;
}

void SlabCache::unlink(SlabHeader* slab) {
    if (ListId(slab->list) == ListId::None)
        return;
    if (slab->prev)
        slab->prev->next = slab->next;
    else
        head(ListId(slab->list)) = slab->next;
    if (slab->next)
        slab->next->prev = slab->prev;
    if (ListId(slab->list) == ListId::Empty)
        --m_empty_slabs;
    slab->next = slab->prev = nullptr;
    slab->list = uint32_t(ListId::None);
}

void SlabCache::move(SlabHeader* slab, ListId to) {
    unlink(slab);
    SlabHeader*& list = head(to);
    slab->next = list;
    if (list)
        list->prev = slab;
    list = slab;
    slab->list = uint32_t(to);
    if (to == ListId::Empty)
        ++m_empty_slabs;
}

Result<SlabHeader*> SlabCache::grow() {
    void* pages = TRY(m_source.allocate_pages(m_slab_pages));
    if (!is_aligned(reinterpret_cast<uintptr_t>(pages), slab_bytes())) {
        // free() could not find the header by masking: the PageSource broke its contract.
        m_source.free_pages(pages, m_slab_pages);
        return Error::InvalidArgument;
    }
    auto* slab = static_cast<SlabHeader*>(pages);
    slab->magic = magic_for(slab);
    slab->owner = this;
    slab->next = slab->prev = nullptr;
    slab->in_use = 0;
    slab->list = uint32_t(ListId::None);
    for (size_t word = 0; word < m_bitmap_words; ++word)
        bitmap(slab)[word] = 0;
    for (size_t i = 0; i < m_objects_per_slab; ++i)
        poison(object_at(slab, i));
    rebuild_free_list(slab);
    ++m_slabs;
    return slab;
}

// Links every object whose bitmap bit is clear, lowest address first.
void SlabCache::rebuild_free_list(SlabHeader* slab) {
    void* next = nullptr;
    for (size_t i = m_objects_per_slab; i-- > 0;) {
        if (bitmap(slab)[i / kBitsPerWord] & (uint64_t{1} << (i % kBitsPerWord)))
            continue;
        *reinterpret_cast<void**>(object_at(slab, i)) = next;
        next = object_at(slab, i);
    }
    slab->free_list = next;
}

void SlabCache::release(SlabHeader* slab) {
    unlink(slab);
    --m_slabs;
    slab->magic = 0; // a stale pointer into these pages must not find a valid header
    m_source.free_pages(slab, m_slab_pages);
}

// The link of the object just taken from `slab`: null exactly when that was the last free object,
// otherwise another free object of the same slab.
bool SlabCache::link_is_valid(SlabHeader* slab, void* link) const {
    if (slab->in_use + 1 == m_objects_per_slab)
        return link == nullptr;
    if (!link)
        return false;
    size_t index = index_of(slab, link);
    return index != kNotAnObject &&
           !(bitmap(slab)[index / kBitsPerWord] & (uint64_t{1} << (index % kBitsPerWord)));
}

void SlabCache::poison([[maybe_unused]] void* object) const {
#ifdef MICA_DEBUG
    __builtin_memset(object, kPoison, m_stride);
#endif
}

// The first word is the free-list link (checked by link_is_valid); the rest must be poison.
void SlabCache::check_poison([[maybe_unused]] void* object) const {
#ifdef MICA_DEBUG
    const auto* bytes = static_cast<const uint8_t*>(object);
    for (size_t i = sizeof(void*); i < m_stride; ++i) {
        if (bytes[i] != kPoison) {
            report_heap_fault(HeapFault::UseAfterFree, object, m_name);
            return;
        }
    }
#endif
}

Result<void*> SlabCache::allocate() {
    if (m_objects_per_slab == 0)
        return Error::InvalidArgument;
    SlabHeader* slab = m_partial;
    if (!slab) {
        slab = m_empty ? m_empty : TRY(grow());
        move(slab, ListId::Partial);
    }

    void* object = slab->free_list;
    void* next = *static_cast<void**>(object);
    size_t index = index_of(slab, object);
    bitmap(slab)[index / kBitsPerWord] |= uint64_t{1} << (index % kBitsPerWord);
    if (link_is_valid(slab, next)) {
        slab->free_list = next;
    } else {
        // A stale pointer wrote over the link. The bitmap still knows which objects are free.
        report_heap_fault(HeapFault::FreeListCorrupted, object, m_name);
        rebuild_free_list(slab);
    }
    check_poison(object);

    ++slab->in_use;
    ++m_objects_in_use;
    if (slab->in_use == m_objects_per_slab)
        move(slab, ListId::Full);
    return object;
}

SlabCache* SlabCache::owner_of(const void* object, size_t slab_bytes) {
    auto* slab =
        reinterpret_cast<SlabHeader*>(align_down(reinterpret_cast<uintptr_t>(object), slab_bytes));
    if (slab->magic != magic_for(slab))
        return nullptr;
    return slab->owner;
}

void SlabCache::free(void* object) {
    if (!object)
        return;
    SlabCache* owner = owner_of(object, slab_bytes());
    if (owner != this) {
        report_heap_fault(owner ? HeapFault::WrongCache : HeapFault::NotHeapMemory, object, m_name);
        return;
    }
    auto* slab = reinterpret_cast<SlabHeader*>(
        align_down(reinterpret_cast<uintptr_t>(object), slab_bytes()));
    size_t index = index_of(slab, object);
    if (index == kNotAnObject) {
        report_heap_fault(HeapFault::NotAnObject, object, m_name);
        return;
    }
    uint64_t& word = bitmap(slab)[index / kBitsPerWord];
    uint64_t bit = uint64_t{1} << (index % kBitsPerWord);
    if (!(word & bit)) {
        report_heap_fault(HeapFault::DoubleFree, object, m_name);
        return;
    }

    word &= ~bit;
    poison(object);
    *static_cast<void**>(object) = slab->free_list;
    slab->free_list = object;
    --slab->in_use;
    --m_objects_in_use;
    if (slab->in_use == 0) {
        if (m_empty_slabs >= 1)
            release(slab);
        else
            move(slab, ListId::Empty);
    } else if (ListId(slab->list) == ListId::Full) {
        move(slab, ListId::Partial);
    }
}

void SlabCache::shrink() {
    while (m_empty)
        release(m_empty);
}

SlabStats SlabCache::stats() const {
    return SlabStats{
        .name = m_name,
        .object_size = m_object_size,
        .stride = m_stride,
        .objects_per_slab = m_objects_per_slab,
        .slab_pages = m_slab_pages,
        .objects_in_use = m_objects_in_use,
        .slabs = m_slabs,
        .empty_slabs = m_empty_slabs,
        .bytes = m_slabs * m_slab_pages * PageSource::kPageSize,
    };
}

} // namespace mica
