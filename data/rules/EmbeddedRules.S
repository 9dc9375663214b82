/* Embeds the shipped decision tree; CLOUDCOST_DECISION_TREE_PATH is set by data/CMakeLists.txt. */
    .section .rodata
    .global cloudcost_builtin_decision_tree_begin
    .global cloudcost_builtin_decision_tree_end
    .balign 16
cloudcost_builtin_decision_tree_begin:
    .incbin CLOUDCOST_DECISION_TREE_PATH
cloudcost_builtin_decision_tree_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
