# Device tree blobs for the host tests, built at build time:
#   - every tests/host/data/*.dts, compiled by Debian's dtc (the reference our parser must
#     agree with);
#   - the trees QEMU's virt machines generate (aarch64 with GICv2 and GICv3, riscv64), dumped
#     with -machine virt,dumpdtb=FILE, so the tests check real firmware-shaped input.
#
# Use from tests/host/CMakeLists.txt, after the test executable is defined:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/fdt_data.cmake)
# It applies itself to mica_host_tests if that target exists; for any other target that reads
# blobs, call mica_use_fdt_data(<target>). The target gets MICA_TEST_DATA_DIR="<build
# dir>/fdt_data" and a dependency on the blobs.

find_program(MICA_DTC dtc REQUIRED)
find_program(MICA_QEMU_AARCH64 qemu-system-aarch64 REQUIRED)
find_program(MICA_QEMU_RISCV64 qemu-system-riscv64 REQUIRED)

set(MICA_FDT_DATA_DIR ${CMAKE_CURRENT_BINARY_DIR}/fdt_data)
file(MAKE_DIRECTORY ${MICA_FDT_DATA_DIR})

file(GLOB MICA_FDT_DTS_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/data/*.dts)
set(MICA_FDT_BLOBS)
foreach(dts ${MICA_FDT_DTS_FILES})
    get_filename_component(name ${dts} NAME_WE)
    set(dtb ${MICA_FDT_DATA_DIR}/${name}.dtb)
    # -q: several trees are deliberately odd (that is what they test) and dtc would warn.
    add_custom_command(
        OUTPUT ${dtb}
        COMMAND ${MICA_DTC} -q -I dts -O dtb -o ${dtb} ${dts}
        DEPENDS ${dts}
        COMMENT "dtc ${name}.dts"
        VERBATIM)
    list(APPEND MICA_FDT_BLOBS ${dtb})
endforeach()

# mica_qemu_dtb(<output name> <qemu binary> <machine options> [extra qemu arguments...])
function(mica_qemu_dtb name qemu machine)
    set(dtb ${MICA_FDT_DATA_DIR}/${name})
    add_custom_command(
        OUTPUT ${dtb}
        COMMAND ${qemu} -machine ${machine},dumpdtb=${dtb} ${ARGN} -m 128M -smp 4 -nographic
        COMMENT "QEMU dumps ${name}"
        VERBATIM)
    set(MICA_FDT_BLOBS ${MICA_FDT_BLOBS} ${dtb} PARENT_SCOPE)
endfunction()

mica_qemu_dtb(qemu-aarch64-virt.dtb ${MICA_QEMU_AARCH64} virt -cpu cortex-a72)
mica_qemu_dtb(qemu-aarch64-virt-gicv3.dtb ${MICA_QEMU_AARCH64} virt,gic-version=3 -cpu cortex-a72)
mica_qemu_dtb(qemu-riscv64-virt.dtb ${MICA_QEMU_RISCV64} virt)

add_custom_target(mica_fdt_data DEPENDS ${MICA_FDT_BLOBS})

function(mica_use_fdt_data target)
    add_dependencies(${target} mica_fdt_data)
    target_compile_definitions(${target} PRIVATE MICA_TEST_DATA_DIR="${MICA_FDT_DATA_DIR}")
endfunction()

# The lead's single test binary gets the blobs as soon as this file is included.
if(TARGET mica_host_tests)
    mica_use_fdt_data(mica_host_tests)
endif()
