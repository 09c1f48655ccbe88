# Regenerates version.cpp at every build, rewriting it only when the commit changes, so
# `--version` names the commit the binary was really built from.
set(MLOPS_VERSION_IN ${CMAKE_CURRENT_LIST_DIR}/version.cpp.in)
set(MLOPS_VERSION_OUT ${CMAKE_BINARY_DIR}/generated/version.cpp)
add_custom_target(mlops_version_gen
  BYPRODUCTS ${MLOPS_VERSION_OUT}
  COMMAND ${CMAKE_COMMAND} -DIN=${MLOPS_VERSION_IN} -DOUT=${MLOPS_VERSION_OUT}
          -DVERSION=${PROJECT_VERSION} -DSRC=${CMAKE_SOURCE_DIR}
          -P ${CMAKE_CURRENT_LIST_DIR}/GitVersionScript.cmake
  COMMENT "Stamping git commit")
