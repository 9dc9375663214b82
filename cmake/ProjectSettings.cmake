# cloudcost_settings: the one place for warnings, defines and sanitizers. Every first-party target
# links it PRIVATE; third-party code never sees these flags.
add_library(cloudcost_settings INTERFACE)
target_compile_options(cloudcost_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast
    -Wcast-align -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
    $<$<BOOL:${CLOUDCOST_WARNINGS_AS_ERRORS}>:-Werror>)
target_compile_definitions(cloudcost_settings INTERFACE
    $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
if(CLOUDCOST_SANITIZE)
    target_compile_options(cloudcost_settings INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(cloudcost_settings INTERFACE -fsanitize=address,undefined)
endif()
