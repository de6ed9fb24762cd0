// dma_memory_create: memory a device can reach by physical address.
//
// The object is an ordinary MemoryObject (it maps, shares and dies with its last handle like any
// other) whose frames are one contiguous run that never moves or shrinks, so the address handed
// to a device stays valid as long as a handle or mapping keeps the object alive. Mappings are
// cached: every device Mica drives today is a virtio device under QEMU, which is cache-coherent.
// A non-coherent device will need uncached mappings or explicit cache maintenance first.

#include <object/memory_object.h>
#include <object/resource.h>
#include <syscall/context.h>

namespace mica::syscall {

Status sys_dma_memory_create(Handle resource, uint64_t size, uint64_t options,
                             Handle& memory_object, uint64_t& physical_address) {
    TRY_STATUS(lookup<Resource>(resource, ObjectType::Resource, Rights::Manage));
    if (options != 0 || size == 0)
        return Status::InvalidArgument;
    if (size > abi::kDmaMaxSize)
        return Status::OutOfRange;
    RefPtr<MemoryObject> created = TRY_STATUS(MemoryObject::create_contiguous(size));
    PhysAddr base = created->contiguous_base();
    memory_object = TRY_STATUS(add_handle(move(created), Rights::All));
    physical_address = base;
    return Status::Ok;
}

} // namespace mica::syscall
