# The sample apps as bundles: one <app>.app per manifests/<app>.manifest, holding that manifest
# and <wasm dir>/<app>.wasm. Used by the host build (tests/host/app_bundle.cmake) and by every
# ISA's boot archive (user/wasm-run); mkbundle.py is deterministic, so all get the same bytes.
#
#   mica_app_bundles(<output dir> <wasm dir> <variable>)   sets <variable> to the .app files

function(mica_app_bundles output_dir wasm_dir files_variable)
    set(tool ${PROJECT_SOURCE_DIR}/user/apps/bundle/mkbundle.py)
    file(MAKE_DIRECTORY ${output_dir})
    file(GLOB manifests CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/user/apps/bundle/manifests/*.manifest)
    set(files)
    foreach(manifest ${manifests})
        get_filename_component(name ${manifest} NAME_WE)
        set(output ${output_dir}/${name}.app)
        add_custom_command(OUTPUT ${output}
            COMMAND python3 ${tool} --manifest ${manifest} --out ${output}
                    ${wasm_dir}/${name}.wasm
            DEPENDS ${tool} ${manifest} ${wasm_dir}/${name}.wasm
            COMMENT "app bundle ${name}.app"
            VERBATIM)
        list(APPEND files ${output})
    endforeach()
    set(${files_variable} ${files} PARENT_SCOPE)
endfunction()
