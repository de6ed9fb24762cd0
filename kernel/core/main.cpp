#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/interrupt_controller.h>
#include <arch/interrupts.h>
#include <arch/power.h>
#include <arch/timer.h>
#include <core/console.h>
#include <core/crash_test.h>
#include <core/footprint.h>
#include <core/init_process.h>
#include <core/kernel_main.h>
#include <core/ktest.h>
#include <core/panic.h>
#include <core/smp.h>
#include <core/version.h>
#include <lib/command_line.h>
#include <platform/platform.h>
#include <sched/scheduler.h>
#include <vm/kernel_address_space.h>
#include <vm/kernel_heap.h>
#include <vm/physical_memory.h>

// Bounds of the C++ global constructor list, from kernel/core/sections.ld.
extern "C" void (*const __init_array_start[])();
extern "C" void (*const __init_array_end[])();

namespace mica {

namespace {

void run_global_constructors() {
    for (auto* constructor = __init_array_start; constructor != __init_array_end; ++constructor)
        (*constructor)();
}

void print_banner(const BootInfo& info) {
    Result<uint32_t> cpus = platform::count_cpus(info);
    uint64_t memory = info.usable_memory();
    println("");
    print("Mica {} on {}: ", kVersion, arch::Cpu::kName);
    if (cpus.is_ok())
        print("{} CPU{}", cpus.value(), cpus.value() == 1 ? "" : "s");
    else
        print("CPU count unknown ({})", cpus.error());
    println(", {} MiB RAM", memory >> 20);
    println("  loader: {}", info.loader);
    println("  command line: \"{}\"", info.command_line);
    println("  kernel image: {:#x}..{:#x}", info.kernel_image.base,
            info.kernel_image.base + info.kernel_image.size);
    for (const MemoryRegion& region : info.memory)
        println("  memory {:#014x}..{:#014x} {}", region.base, region.base + region.size,
                memory_kind_name(region.kind));
    for (const BootModule& module : info.modules)
        println("  module {:#x} ({} bytes) {}", module.base, module.size, module.name);
    if (info.framebuffer)
        println("  framebuffer {}x{}x{} at {:#x}", info.framebuffer->width,
                info.framebuffer->height, info.framebuffer->bits_per_pixel, info.framebuffer->base);
}

// Runs init (when there is a boot archive) until it exits; true when it exited with 0.
bool run_init(const BootInfo& info, StringView arguments) {
    Result<RefPtr<Process>> init = start_init(info, arguments);
    if (init.is_error())
        return false;
    int64_t code = wait_for_process(*init.value());
    println("init: exited with code {}", code);
    return code == 0;
}

// The in-kernel tests, then the user-space suite (init runs it when told "test"), then off.
[[noreturn]] void run_tests(const BootInfo& info, const CommandLine& command_line) {
    ktest::Summary summary = ktest::run_all(command_line.value("test.filter").value_or(""));
    println("{} passed, {} failed", summary.passed, summary.failed);
    bool passed = summary.failed == 0 && summary.passed > 0;
    if (passed && !info.modules.is_empty() && !command_line.has_flag("test.kernel-only"))
        passed = run_init(info, "init test");
    arch::Power::shutdown(passed);
    __builtin_unreachable();
}

// Interrupt controller, clock and timer on the boot CPU, the scheduler (which turns this code
// into its first thread), then the other CPUs.
void start_interrupts_and_cpus(const BootInfo& info) {
    if (Result<void> cpus = smp::init_boot_cpu(info); !cpus)
        panic("smp: cannot set up per-CPU state: {}", cpus.error());
    if (Result<void> clock = arch::Clock::init(info); !clock)
        panic("clock: {}", clock.error());
    if (Result<void> controller = arch::InterruptController::init(info); !controller)
        panic("interrupts: {} not usable: {}", arch::InterruptController::kName,
              controller.error());
    if (Result<void> local = arch::InterruptController::init_this_cpu(); !local)
        panic("interrupts: {} on the boot CPU: {}", arch::InterruptController::kName,
              local.error());
    if (Result<void> timer = arch::Timer::init_this_cpu(); !timer)
        panic("timer: {}", timer.error());
    arch::FpuState::init_this_cpu();
    sched::init_boot_cpu();
    arch::Interrupts::enable();
    uint32_t online = smp::start_secondaries();
    println("smp: {} of {} CPUs online, interrupts through {}", online, cpu_count(),
            arch::InterruptController::kName);
}

} // namespace

void kernel_main(BootInfo& info) {
    run_global_constructors();
    CommandLine command_line(info.command_line);
    bool testing = command_line.has_flag("test") || command_line.value("crash").has_value();
    panic_policy::set_power_off_on_panic(testing || command_line.has_flag("panic=poweroff"));

    if (Uart* uart = platform::find_console(info))
        console::attach(*uart);
    print_banner(info);
    if (Result<void> memory = physical_memory::init(info); !memory)
        panic("memory: cannot set up the frame allocator from the loader's map: {}",
              memory.error());
    if (Result<void> tables = kernel_address_space::init(info); !tables)
        panic("memory: cannot build the kernel's page table: {}", tables.error());
    kernel_heap::init();
    physical_memory::print_summary();
    print_kernel_footprint();
    start_interrupts_and_cpus(info);

    if (Optional<StringView> crash = command_line.value("crash"))
        crash_on_purpose(crash.value());
    if (command_line.has_flag("test"))
        run_tests(info, command_line);

    if (info.modules.is_empty()) {
        println("Mica has no boot archive, so no init to start.");
        println("All CPUs idle. (In QEMU: Ctrl-A X quits.)");
        sched::exit_thread(0);
    }
    bool clean = run_init(info, "init");
    println("Mica: init is gone; powering off.");
    arch::Power::shutdown(clean);
}

} // namespace mica
