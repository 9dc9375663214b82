# Runs `cloudcost --db DB import /nonexistent.json` and checks exit code 1 and the error format.
execute_process(COMMAND ${EXE} --db ${DB} import /nonexistent.json
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
    message(FATAL_ERROR "expected exit code 1, got ${rc}: ${err}")
endif()
if(NOT err MATCHES "cloudcost: error: /nonexistent.json: no such file")
    message(FATAL_ERROR "unexpected message: ${err}")
endif()
execute_process(COMMAND ${EXE} --db ${DB} offers --bogus RESULT_VARIABLE rc2 ERROR_VARIABLE err2)
if(NOT rc2 EQUAL 2)
    message(FATAL_ERROR "expected exit code 2 for a usage error, got ${rc2}")
endif()
