#include <abi/user_syscalls.h>
#include <devmgr/drivers.h>
#include <devmgr/hw/device_names.h>
#include <lib/format.h>
#include <mica/layout.h>
#include <mica/print.h>
#include <mica/spawn.h>
#include <mica/startup.h>

namespace mica::devmgr {

using abi::Rights;

// What one driver start hands over: startup grants and argument words.
struct Grants {
    StartupGrant grants[abi::kStartupMaxHandles - 3]; // spawn adds the three Self handles
    size_t count = 0;
    char text[128] = {};
    StringView words[8];
    size_t word_count = 0;
    size_t used = 0;

    void add(abi::StartupRole role, OwnedHandle handle) { grants[count++] = {role, move(handle)}; }
    // Formats one argument word into `text`.
    template <typename... Args>
    void word(StringView pattern, const Args&... args) {
        BufferSink sink(text + used, sizeof text - used);
        format(sink, pattern, args...);
        words[word_count++] = sink.view();
        used += sink.view().length();
    }
};

namespace {

SysResult<OwnedHandle> mmio_range(abi::Handle resource, uint64_t physical, uint64_t size) {
    abi::Handle range = kInvalidHandle;
    TRY(check(sys::mmio_range_create(resource, physical, size, &range), "mmio_range_create"));
    return OwnedHandle(range);
}

} // namespace

void Drivers::start_all() {
    for (const PciFunction& function : m_devices.pci) {
        if (m_count < kMaxBlockDrivers &&
            virtio_type_of_pci(function.vendor, function.device, function.subsystem) ==
                VirtioType::Block &&
            function.device >= 0x1040) {
            m_blocks[m_count].is_pci = true;
            m_blocks[m_count++].function = &function;
        }
    }
    for (const DtDevice& device : m_devices.dt) {
        if (!device.is_virtio_mmio || device.virtio_id != uint32_t(VirtioType::Block))
            continue;
        if (device.virtio_version != 2)
            println("devmgr: {:#x}: legacy virtio-mmio block device not supported (QEMU: "
                    "-global virtio-mmio.force-legacy=false)",
                    device.base);
        else if (m_count < kMaxBlockDrivers)
            m_blocks[m_count++].slot = &device;
    }
    for (size_t i = 0; i < m_count; ++i) {
        if (auto started = start(m_blocks[i]); started.is_error())
            println("devmgr: cannot start virtio-blk #{}: {}", i, started.error());
    }
    find_rngs();
    for (size_t i = 0; i < m_rng_count; ++i) {
        if (auto started = start(m_rngs[i]); started.is_error())
            println("devmgr: cannot start virtio-rng #{}: {}", i, started.error());
    }
}

void Drivers::add_rng(bool is_pci, const PciFunction* function, const DtDevice* slot) {
    BlockDriver& driver = m_rngs[m_rng_count++];
    driver.program = "virtio-rng";
    driver.is_pci = is_pci;
    driver.function = function;
    driver.slot = slot;
}

// Modern virtio-pci (1af4:1044) and virtio-mmio version 2 entropy devices.
void Drivers::find_rngs() {
    for (const PciFunction& function : m_devices.pci) {
        if (m_rng_count < kMaxRngDrivers && function.device >= 0x1040 &&
            virtio_type_of_pci(function.vendor, function.device, function.subsystem) ==
                VirtioType::Entropy)
            add_rng(true, &function, nullptr);
    }
    for (const DtDevice& device : m_devices.dt) {
        if (m_rng_count < kMaxRngDrivers && device.is_virtio_mmio &&
            device.virtio_id == uint32_t(VirtioType::Entropy) && device.virtio_version == 2)
            add_rng(false, nullptr, &device);
    }
}

SysResult<void> Drivers::grant_pci(BlockDriver& driver, Grants& grants) {
    const PciFunction& function = *driver.function;
    if (!m_devices.config)
        return SysError{abi::Status::BadState, "devmgr", "no PCI configuration space"};
    enable_memory_and_bus_master(*m_devices.config, function);
    grants.word("pci");
    grants.add(abi::StartupRole::DeviceMmio,
               TRY(mmio_range(m_resource, m_devices.config->function_physical(function.address),
                              layout::kPageSize)));
    for (unsigned index = 0; index < 6; ++index) {
        const PciBar& bar = function.bars[index];
        bool memory = bar.kind == BarKind::Mem32 || bar.kind == BarKind::Mem64;
        // A BAR smaller than a page that does not start one cannot be granted alone.
        if (!memory || bar.size == 0 || bar.cpu_address % layout::kPageSize != 0)
            continue;
        uint64_t size = layout::page_ceiling(bar.size);
        grants.add(abi::StartupRole::DeviceMmio,
                   TRY(mmio_range(m_resource, bar.cpu_address, size)));
        grants.word("{}:{}", index, size);
    }
    return {};
}

SysResult<void> Drivers::start(BlockDriver& driver) {
    Grants grants;
    if (driver.is_pci) {
        TRY(grant_pci(driver, grants));
    } else {
        uint64_t page = layout::page_floor(driver.slot->base);
        grants.word("mmio");
        grants.word("{:#x}", driver.slot->base - page);
        grants.word("{}", layout::kPageSize);
        grants.add(abi::StartupRole::DeviceMmio,
                   TRY(mmio_range(m_resource, page, layout::kPageSize)));
    }
    // Without a routed line (x86: INTx routing is ACPI _PRT, AML) the driver polls instead.
    uint32_t line = driver.is_pci ? driver.function->interrupt_line : driver.slot->interrupt_line;
    if (line) {
        abi::Handle interrupt = kInvalidHandle;
        abi::Status made = sys::interrupt_create(m_resource, line, 0, &interrupt);
        if (made == abi::Status::Ok)
            grants.add(abi::StartupRole::DeviceInterrupt, OwnedHandle(interrupt));
        else
            println("devmgr: {} line {}: {}; it will poll", driver.program, line,
                    SysError{made, "interrupt_create"});
    }
    abi::Handle dma = kInvalidHandle;
    TRY(check(sys::handle_duplicate(m_resource, Rights::Manage | Rights::Transfer, &dma),
              "handle_duplicate of the resource"));
    grants.add(abi::StartupRole::DmaResource, OwnedHandle(dma));
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::endpoint_create(0, &raw), "endpoint_create"));
    OwnedHandle server(raw);
    driver.endpoint = TRY(server.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer));
    grants.add(abi::StartupRole::Bootstrap, move(server));

    Bytes file = TRY(m_archive.file(driver.program));
    driver.process =
        TRY(spawn(driver.program, file, Span<StartupGrant>(grants.grants, grants.count),
                  Span<const StringView>(grants.words, grants.word_count)));
    ++driver.starts;
    return {};
}

void Drivers::restart_dead() {
    for (size_t i = 0; i < m_count; ++i)
        restart_if_dead(m_blocks[i], i);
    for (size_t i = 0; i < m_rng_count; ++i)
        restart_if_dead(m_rngs[i], i);
}

void Drivers::restart_if_dead(BlockDriver& driver, size_t i) {
    uint64_t observed = 0;
    if (!driver.process || sys::object_wait(driver.process.get(), abi::signal_flags::kTerminated,
                                            abi::kDeadlineNow, &observed) != abi::Status::Ok)
        return;
    int64_t code = 0;
    (void)sys::process_wait(driver.process.get(), abi::kDeadlineNow, &code);
    driver.process.reset();
    driver.endpoint.reset();
    // Stop the device's DMA into memory that died with the driver; start() turns it back on
    // and the new driver resets the device before giving it new rings.
    if (driver.is_pci && m_devices.config) {
        PciAddress address = driver.function->address;
        uint16_t command = m_devices.config->read16(address, pci::kCommand);
        m_devices.config->write16(address, pci::kCommand, command & ~pci::kCommandBusMaster);
    }
    if (!driver.stop_requested && ++driver.failures > kMaxDriverFailures) {
        println("devmgr: {} #{} ended ({}) {} times; not restarting it", driver.program, i, code,
                driver.failures);
        return;
    }
    driver.stop_requested = false;
    println("devmgr: {} #{} ended ({}); restarting it", driver.program, i, code);
    if (auto started = start(driver); started.is_error())
        println("devmgr: cannot restart {} #{}: {}", driver.program, i, started.error());
}

} // namespace mica::devmgr
