# Warnings live on a non-exported INTERFACE target, never in global flags.
add_library(mlops_warnings INTERFACE)
target_compile_options(mlops_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wcast-align -Wformat=2)
if(MLOPS_WERROR)
  target_compile_options(mlops_warnings INTERFACE -Werror)
endif()

# GCC 12 with LTO reports a false -Wstringop-overflow inside libstdc++'s char_traits (a
# memset bound it cannot prove; GCC bug 105651 and relatives). The non-LTO builds keep it.
if(CMAKE_INTERPROCEDURAL_OPTIMIZATION AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_link_options(-Wno-stringop-overflow)
endif()
