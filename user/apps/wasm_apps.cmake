# The sample apps (user/apps/*.c) as wasm32-wasi modules, with Debian's clang-16 and wasi-libc.
# Used by the host build (tests/host/wasi.cmake: the apps under mica-wasm and Node) and by every
# ISA's build (user/wasm-run: the apps in the boot archive). The command is the same everywhere
# and fully determined by the source, so every build gets the same bytes: one portable module,
# whatever the ISA.
#
#   mica_wasm_apps(<output dir> <variable>)   sets <variable> to the list of <dir>/<app>.wasm

function(mica_wasm_apps output_dir files_variable)
    find_program(MICA_CLANG_C clang-16 REQUIRED)
    file(MAKE_DIRECTORY ${output_dir})
    file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/user/apps/*.c)
    set(files)
    foreach(source ${sources})
        get_filename_component(name ${source} NAME_WE)
        set(output ${output_dir}/${name}.wasm)
        add_custom_command(OUTPUT ${output}
            COMMAND ${MICA_CLANG_C} --target=wasm32-wasi -O2 -Wall -Wextra -Werror
                    -Wl,--strip-all -o ${output} ${source} -lm
            DEPENDS ${source}
            COMMENT "wasm32-wasi app ${name}.wasm"
            VERBATIM)
        list(APPEND files ${output})
    endforeach()
    set(${files_variable} ${files} PARENT_SCOPE)
endfunction()
