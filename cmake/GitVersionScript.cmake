execute_process(COMMAND git -C "${SRC}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE MLOPS_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0 OR MLOPS_GIT_COMMIT STREQUAL "")
  set(MLOPS_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git -C "${SRC}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT dirty STREQUAL "")
    string(APPEND MLOPS_GIT_COMMIT "-dirty")
  endif()
endif()
set(MLOPS_VERSION "${VERSION}")
configure_file("${IN}" "${OUT}" @ONLY)
