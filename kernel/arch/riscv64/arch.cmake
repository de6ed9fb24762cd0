# The riscv64 backend: RV64IMAC in S-mode, no floating point in the kernel (sstatus.FS stays
# Off), code model medany so the image can sit at the top of the address space, and no linker
# relaxation (there is no gp, and addresses must not change between the two links).

# clang-16 follows ISA spec 2.2, where Zicsr and Zifencei are part of I (it rejects the names).
set(MICA_RISCV64_FLAGS -march=rv64imac -mabi=lp64 -mno-relax)
target_compile_options(kernel_objects PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:${MICA_RISCV64_FLAGS} -mcmodel=medany>
    $<$<COMPILE_LANGUAGE:ASM>:${MICA_RISCV64_FLAGS}>)

# --discard-locals: the assembler keeps every auipc's .Lpcrel_hi label as a symbol (the
# %pcrel_lo relocation refers to it); dropped here, they stay out of the embedded symbol table.
set(MICA_ARCH_LINK_FLAGS --no-relax --discard-locals)

# OpenSBI (fw_dynamic, via QEMU -kernel) loads a raw Linux Image: Image in the kernel build dir.
function(mica_arch_boot_image kernel_target)
    mica_raw_image(${kernel_target} "riscv64 Image")
endfunction()
