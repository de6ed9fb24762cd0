#pragma once
// An MmioRange: a physical range of device registers a driver may map uncached. Made from the
// root resource (resource.h) by whoever hands out hardware (devmgr), and never covering RAM the
// frame allocator owns.

#include <object/object.h>

namespace mica {

class MmioRange final : public Object {
public:
    // Error::InvalidArgument for an unaligned or empty range, Error::AccessDenied when it
    // overlaps memory the kernel manages.
    static Result<RefPtr<MmioRange>> create(PhysAddr base, uint64_t size);

    PhysAddr base() const { return m_base; }
    uint64_t size() const { return m_size; }

    MmioRange(PhysAddr base, uint64_t size)
        : Object(abi::ObjectType::MmioRange), m_base(base), m_size(size) {}

private:
    const PhysAddr m_base;
    const uint64_t m_size;
};

} // namespace mica
