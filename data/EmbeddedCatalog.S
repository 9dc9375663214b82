/* Embeds the built-in catalog; CLOUDCOST_CATALOG_PATH is set by data/CMakeLists.txt. */
    .section .rodata
    .global cloudcost_builtin_catalog_begin
    .global cloudcost_builtin_catalog_end
    .balign 16
cloudcost_builtin_catalog_begin:
    .incbin CLOUDCOST_CATALOG_PATH
cloudcost_builtin_catalog_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
