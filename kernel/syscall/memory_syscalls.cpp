// memory_object_*, address_space_* and mmio_map.

#include <object/address_space_object.h>
#include <object/memory_object.h>
#include <object/mmio_range.h>
#include <syscall/context.h>

namespace mica::syscall {

Status sys_memory_object_create(uint64_t size, uint64_t options, Handle& memory_object) {
    if (options != 0)
        return Status::InvalidArgument;
    RefPtr<MemoryObject> created = TRY_STATUS(MemoryObject::create(size));
    memory_object = TRY_STATUS(add_handle(move(created), Rights::All));
    return Status::Ok;
}

Status sys_memory_object_resize(Handle memory_object, uint64_t size) {
    auto target =
        TRY_STATUS(lookup<MemoryObject>(memory_object, ObjectType::MemoryObject, Rights::Manage));
    return to_status(target.object->resize(size));
}

Status sys_memory_object_read(Handle memory_object, uint64_t offset, UserOut buffer,
                              uint64_t size) {
    auto target =
        TRY_STATUS(lookup<MemoryObject>(memory_object, ObjectType::MemoryObject, Rights::Read));
    return to_status(target.object->read_to_user(offset, buffer.address, size));
}

Status sys_memory_object_write(Handle memory_object, uint64_t offset, UserIn buffer,
                               uint64_t size) {
    auto target =
        TRY_STATUS(lookup<MemoryObject>(memory_object, ObjectType::MemoryObject, Rights::Write));
    return to_status(target.object->write_from_user(offset, buffer.address, size));
}

Status sys_address_space_map(Handle address_space, Handle memory_object, uint64_t offset,
                             uint64_t size, uint64_t address, uint64_t flags, uint64_t& mapped) {
    auto space = TRY_STATUS(
        lookup<AddressSpaceObject>(address_space, ObjectType::AddressSpace, Rights::Map));
    auto object =
        TRY_STATUS(lookup<MemoryObject>(memory_object, ObjectType::MemoryObject, Rights::Map));
    mapped = TRY_STATUS(
        space.object->map_memory(move(object.object), object.rights, offset, size, address, flags));
    return Status::Ok;
}

Status sys_address_space_unmap(Handle address_space, uint64_t address, uint64_t size) {
    auto space = TRY_STATUS(
        lookup<AddressSpaceObject>(address_space, ObjectType::AddressSpace, Rights::Map));
    return to_status(space.object->unmap(address, size));
}

Status sys_address_space_protect(Handle address_space, uint64_t address, uint64_t size,
                                 uint64_t flags) {
    auto space = TRY_STATUS(
        lookup<AddressSpaceObject>(address_space, ObjectType::AddressSpace, Rights::Map));
    return to_status(space.object->protect(address, size, flags));
}

Status sys_mmio_map(Handle address_space, Handle mmio_range, uint64_t offset, uint64_t size,
                    uint64_t address, uint64_t flags, uint64_t& mapped) {
    auto space = TRY_STATUS(
        lookup<AddressSpaceObject>(address_space, ObjectType::AddressSpace, Rights::Map));
    auto range = TRY_STATUS(lookup<MmioRange>(mmio_range, ObjectType::MmioRange, Rights::Map));
    mapped = TRY_STATUS(
        space.object->map_mmio(move(range.object), range.rights, offset, size, address, flags));
    return Status::Ok;
}

} // namespace mica::syscall
