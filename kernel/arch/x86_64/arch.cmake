# The x86_64 backend: a higher-half kernel ELF in the top 2 GiB, loaded by GRUB (multiboot2).
# No SSE/x87 state is saved on traps, so the compiler must not use those registers.
target_compile_options(kernel_objects PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387>)
set(MICA_ARCH_LINK_FLAGS "")

# GRUB boots the ELF itself; the ISO is built per command line by tools/qemu/x86_64.sh. Here we
# only check that GRUB will recognise the image (grub-file ships with GRUB).
function(mica_arch_boot_image kernel_target)
    find_program(MICA_GRUB_FILE NAMES grub-file)
    if(MICA_GRUB_FILE)
        add_custom_command(TARGET ${kernel_target} POST_BUILD
            COMMAND ${MICA_GRUB_FILE} --is-x86-multiboot2 $<TARGET_FILE:${kernel_target}>
            COMMENT "Checking the multiboot2 header")
    endif()
endfunction()
