# Fails when a module includes something its layer may not see (ARCHITECTURE.md):
#  - the domain (common, pricing, benchmark-runner, decision, data) includes no Qt and nothing
#    from ui/ or app/;
#  - common/ includes no other module; pricing/ does not include decision/ or benchmark-runner/.
set(violations "")
function(check_folder folder pattern why)
    file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
    foreach(f IN LISTS files)
        file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
        foreach(line IN LISTS lines)
            if(line MATCHES "${pattern}")
                file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
                list(APPEND violations "${rel}: ${line}  (${why})")
            endif()
        endforeach()
    endforeach()
    set(violations "${violations}" PARENT_SCOPE)
endfunction()

set(qt_or_front "[<\"](Q[A-Za-z]+|Qt[A-Za-z]*/)|[<\"](ui|app)/")
foreach(domain common pricing benchmark-runner decision data)
    check_folder(${domain} "${qt_or_front}" "the domain uses no Qt and no front end")
endforeach()
check_folder(common "[<\"](pricing|decision|benchmark-runner|data)/" "common depends on nothing")
check_folder(pricing "[<\"](decision|benchmark-runner)/" "pricing is below decision")
check_folder(benchmark-runner "[<\"](decision|pricing)/" "benchmark-runner is a sibling of pricing")
check_folder(app/cli "[<\"](Q[A-Za-z]+|Qt[A-Za-z]*/)|[<\"]ui/" "the CLI needs no Qt")

list(LENGTH violations count)
if(count GREATER 0)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "layering violations:\n  ${text}")
endif()
message(STATUS "layering: no violations")
