# cpio "newc" archives for the host tests, written at build time by Debian's cpio (the oracle:
# our reader must see what cpio wrote). A small tree is made in the build directory: names of
# every length modulo 4, an empty file, a directory, a symbolic link, a file of a few KiB and,
# as bin/init, the x86_64 program from elf_data.cmake. It is archived twice:
#   tree-newc.cpio   cpio -o -H newc   (magic 070701)
#   tree-crc.cpio    cpio -o -H crc    (magic 070702, data checksums)
#
# Include from tests/host/CMakeLists.txt after mica_host_tests is defined (and after
# elf_data.cmake, whose program it packs). The target gets MICA_CPIO_DATA_DIR.

find_program(MICA_CPIO cpio REQUIRED)

set(MICA_CPIO_DATA_DIR ${CMAKE_CURRENT_BINARY_DIR}/cpio_data)
file(MAKE_DIRECTORY ${MICA_CPIO_DATA_DIR})
set(MICA_CPIO_INIT ${CMAKE_CURRENT_BINARY_DIR}/elf_data/program-x86_64.elf)

# find | sort gives a stable order; cpio's own padding to 512-byte blocks follows the trailer.
set(MICA_CPIO_SCRIPT [=[
set -e
rm -rf tree && mkdir -p tree/bin tree/etc/empty-dir
cd tree
printf a > a
printf ab > ab
printf abc > abc
printf abcd > abcd
printf 'hello' > etc/motd
: > empty
seq 1 1000 > numbers
cp "$1" bin/init
ln -s ../etc/motd bin/motd-link
find . | LC_ALL=C sort | "$2" --quiet -o -H newc > ../tree-newc.cpio
find . | LC_ALL=C sort | "$2" --quiet -o -H crc > ../tree-crc.cpio
]=])
# Ninja rules cannot hold a multi-line command, so the script runs from a file.
set(MICA_CPIO_SCRIPT_FILE ${MICA_CPIO_DATA_DIR}/make_archives.sh)
file(CONFIGURE OUTPUT ${MICA_CPIO_SCRIPT_FILE} CONTENT "${MICA_CPIO_SCRIPT}" @ONLY)

add_custom_command(
    OUTPUT ${MICA_CPIO_DATA_DIR}/tree-newc.cpio ${MICA_CPIO_DATA_DIR}/tree-crc.cpio
    COMMAND sh ${MICA_CPIO_SCRIPT_FILE} ${MICA_CPIO_INIT} ${MICA_CPIO}
    WORKING_DIRECTORY ${MICA_CPIO_DATA_DIR}
    DEPENDS ${MICA_CPIO_INIT} ${MICA_CPIO_SCRIPT_FILE}
    COMMENT "cpio -o -H newc/crc test archives"
    VERBATIM)
add_custom_target(mica_cpio_data
    DEPENDS ${MICA_CPIO_DATA_DIR}/tree-newc.cpio ${MICA_CPIO_DATA_DIR}/tree-crc.cpio)

if(TARGET mica_host_tests)
    add_dependencies(mica_host_tests mica_cpio_data)
    target_compile_definitions(mica_host_tests PRIVATE MICA_CPIO_DATA_DIR="${MICA_CPIO_DATA_DIR}")
endif()
