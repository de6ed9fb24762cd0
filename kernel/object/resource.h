#pragma once
// The root Resource: authority over hardware and the machine. Only init receives it; it makes
// Interrupt and MmioRange objects from it (and hands those, never the resource, to drivers),
// powers the machine off and reads system-wide figures.

#include <object/object.h>

namespace mica {

class Resource final : public Object {
public:
    static Result<RefPtr<Resource>> create_root() { return make_ref<Resource>(); }
    Resource() : Object(abi::ObjectType::Resource) {}
};

} // namespace mica
