#pragma once
// The kernel heap: general-purpose allocation of any size, with typed make()/destroy().
//
// Small requests (up to 2016 bytes) are rounded up to a size class, each served by a SlabCache
// with one-page slabs. Power-of-two classes are aligned to their size, so an aligned request just
// picks a larger class. Anything bigger, or aligned to more than 1 KiB, gets whole pages straight
// from the PageSource, recorded in a LargeBlockTable. free() tells the two apart without a size:
// a slab object never starts a page (its slab header is there), a large block always does.
//
// Policies:
//   - allocate(0) returns a unique minimum-size object, which must be freed like any other.
//   - Alignment must be a power of two up to 4 KiB (Error::InvalidArgument otherwise); anything
//     below 16 is treated as 16.
//   - Sizes whose page count would overflow are Error::NoMemory, never a wrapped-around request.
//   - free(nullptr) does nothing; every other bad free is reported through report_heap_fault().
//   - Double frees are detected in every build: slab objects by their slab's allocation bitmap,
//     large blocks by the table. Debug builds (MICA_DEBUG) also poison freed slab objects and
//     report writes to them when the object is next handed out.
//
// Not thread-safe yet: the kernel runs on one CPU. Issue 4 (SMP) adds the lock, see allocate().

#include <lib/result.h>
#include <lib/types.h>
#include <lib/utility.h>
#include <vm/heap_large.h>
#include <vm/page_source.h>
#include <vm/slab.h>

namespace mica {

struct HeapStats {
    size_t slab_objects = 0; // live objects over all size classes
    size_t slab_bytes = 0;   // page memory held by the size-class caches
    size_t large_blocks = 0;
    size_t large_pages = 0;
    size_t overhead_bytes = 0; // page memory held for the large-block records
};

class Heap {
public:
    static constexpr size_t kMinAlignment = 16;
    static constexpr size_t kMaxAlignment = PageSource::kPageSize;
    static constexpr size_t kClassCount = 14;
    static constexpr size_t kMaxSlabSize = 2016; // the largest size class

    explicit Heap(PageSource& source);
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    Result<void*> allocate(size_t size, size_t alignment = kMinAlignment);
    void free(void* pointer);

    // Constructs a T in heap memory. Error::NoMemory (or InvalidArgument for an over-aligned T)
    // when there is no memory; the constructor itself must not fail.
    template <typename T, typename... Args>
    Result<T*> make(Args&&... args) {
        void* memory = TRY(allocate(sizeof(T), alignof(T)));
        return new (memory) T(forward<Args>(args)...);
    }

    // Runs the destructor and frees. Pass the pointer make() returned (not a base-class pointer
    // with a different address). nullptr is ignored.
    template <typename T>
    void destroy(T* object) {
        if (!object)
            return;
        object->~T();
        free(const_cast<void*>(static_cast<const void*>(object)));
    }

    // Returns every cached empty slab to the PageSource.
    void shrink();

    HeapStats stats() const;
    const SlabCache& size_class(size_t index) const { return m_classes[index]; }
    // The index of the class that serves (size, alignment), or kClassCount for a large block.
    static size_t class_for(size_t size, size_t alignment);

private:
    static SlabCache make_class(size_t index, PageSource& source);
    Result<void*> allocate_large(size_t size);
    void free_large(void* pointer);
    SlabCache* class_of(void* pointer);

    PageSource& m_source;
    SlabCache m_classes[kClassCount];
    LargeBlockTable m_large;
};

} // namespace mica
