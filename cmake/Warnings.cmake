# Warnings live on a non-exported INTERFACE target, never in global flags.
add_library(mlops_warnings INTERFACE)
target_compile_options(mlops_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wcast-align -Wformat=2)
if(MLOPS_WERROR)
  target_compile_options(mlops_warnings INTERFACE -Werror)
endif()
