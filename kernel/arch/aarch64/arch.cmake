# The aarch64 backend: compile flags, link flags and the raw Image QEMU (-kernel) and other Linux
# loaders boot.

target_compile_options(kernel_objects PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-march=armv8-a -mgeneral-regs-only -mcmodel=small
        -fno-asynchronous-unwind-tables -fno-unwind-tables -mbranch-protection=none>
    $<$<COMPILE_LANGUAGE:ASM>:-march=armv8-a>)

set(MICA_ARCH_LINK_FLAGS "")

# build/aarch64/kernel/Image: kernel.elf's loadable bytes from the Image header on, .bss included
# up to the symbol table, as the Linux arm64 boot protocol wants them.
function(mica_arch_boot_image kernel_target)
    mica_raw_image(${kernel_target} "arm64 Image")
endfunction()
