#pragma once
// An IoPortRange: x86 I/O ports [base, base + count) a driver may be allowed to use. Made from the
// root resource (io_port_range_create); holding one grants nothing until its process asks for
// the ports with io_port_access, which opens them in that process's I/O permission bitmap
// (io_permission.h).

#include <object/object.h>

namespace mica {

class IoPortRange final : public Object {
public:
    // Error::InvalidArgument for an empty range or one past port 0xffff.
    static Result<RefPtr<IoPortRange>> create(uint32_t base, uint32_t count);

    uint32_t base() const { return m_base; }
    uint32_t count() const { return m_count; }

    IoPortRange(uint32_t base, uint32_t count)
        : Object(abi::ObjectType::IoPortRange), m_base(base), m_count(count) {}

private:
    const uint32_t m_base;
    const uint32_t m_count;
};

} // namespace mica
