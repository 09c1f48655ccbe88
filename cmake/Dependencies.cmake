# The third-party libraries, found once for every target. Targets link these names:
#   Boost::json Boost::program_options yaml-cpp mlops_re2 mlops_zstd ZLIB::ZLIB
#   CURL::libcurl OpenSSL::Crypto
#   mlops_thrift mlops_snappy mlops_lz4 mlops_brotli (the Parquet reader), and the program
#   MLOPS_THRIFT_COMPILER that generates its metadata classes
#
# With MLOPS_PORTABLE (the release binaries), Boost, yaml-cpp, RE2, zstd, zlib, libthrift,
# snappy, lz4, brotli and the C++ runtime are linked statically, so the binaries need only glibc, libcurl and OpenSSL at run
# time; scripts/package-release.sh checks that against an allow-list.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

if(MLOPS_PORTABLE)
  if(MLOPS_SANITIZE OR MLOPS_FUZZ)
    message(FATAL_ERROR "MLOPS_PORTABLE is for release binaries: turn off MLOPS_SANITIZE and MLOPS_FUZZ")
  endif()
  set(Boost_USE_STATIC_LIBS ON)
  set(ZLIB_USE_STATIC_LIBS ON)
  # The C++ runtime too (the runners' libstdc++ may be older than the compiler's), and the
  # unused parts of the static libraries dropped: libstdc++'s std::random_device would
  # otherwise call arc4random and need glibc 2.36, newer than ubuntu-22.04's.
  add_link_options(-static-libstdc++ -static-libgcc -Wl,--gc-sections)
  # libcurl and OpenSSL stay shared and travel in the release asset's lib/, found through
  # $ORIGIN/../lib: DT_RPATH (not RUNPATH), which also applies to those libraries' own
  # dependencies.
  set(CMAKE_INSTALL_RPATH "\$ORIGIN/../lib")
  add_link_options(-Wl,--disable-new-dtags)
endif()

find_package(Boost 1.81 CONFIG REQUIRED COMPONENTS json program_options)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(zstd REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET GLOBAL re2)

# mlops_static_library(TARGET NAME HEADER): an imported static library found by file name,
# for packages whose CMake or pkg-config files describe only the shared one.
function(mlops_static_library target file header)
  find_library(${target}_ARCHIVE NAMES ${file} HINTS ${ARGN} REQUIRED NO_CACHE)
  find_path(${target}_INCLUDE NAMES ${header} REQUIRED NO_CACHE)
  add_library(${target} STATIC IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${${target}_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${${target}_INCLUDE}")
endfunction()

add_library(mlops_re2 INTERFACE)
add_library(mlops_zstd INTERFACE)
if(MLOPS_PORTABLE)
  # yaml-cpp-config.cmake imports only libyaml-cpp.so; the target keeps its usual name.
  mlops_static_library(yaml-cpp libyaml-cpp.a yaml-cpp/yaml.h)
  mlops_static_library(mlops_re2_static libre2.a re2/re2.h ${RE2_LIBRARY_DIRS})
  target_link_libraries(mlops_re2 INTERFACE mlops_re2_static Threads::Threads)
  target_link_libraries(mlops_zstd INTERFACE zstd::libzstd_static)
else()
  find_package(yaml-cpp REQUIRED)
  target_link_libraries(mlops_re2 INTERFACE PkgConfig::RE2)
  target_link_libraries(mlops_zstd INTERFACE zstd::libzstd_shared)
endif()

# The Parquet reader's: libthrift (the compact protocol; thrift-compiler generates the classes
# from src/io/parquet/parquet.thrift) and the codecs. Their packages' CMake and pkg-config files
# differ between Debian 12 and Ubuntu 22.04/24.04, so each is found by file name: the static
# archive for the portable build, else the shared library.
# mlops_codec_library(TARGET HEADER NAME...): NAMEs in link order (a library before those it needs).
function(mlops_codec_library target header)
  find_path(${target}_INCLUDE NAMES ${header} REQUIRED NO_CACHE)
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE "${${target}_INCLUDE}")
  foreach(name IN LISTS ARGN)
    if(MLOPS_PORTABLE)
      find_library(${target}_${name} NAMES lib${name}.a REQUIRED NO_CACHE)
    else()
      find_library(${target}_${name} NAMES ${name} REQUIRED NO_CACHE)
    endif()
    target_link_libraries(${target} INTERFACE "${${target}_${name}}")
  endforeach()
endfunction()
find_program(MLOPS_THRIFT_COMPILER thrift REQUIRED)
mlops_codec_library(mlops_thrift thrift/protocol/TCompactProtocol.h thrift)
mlops_codec_library(mlops_snappy snappy.h snappy)
mlops_codec_library(mlops_lz4 lz4.h lz4)
mlops_codec_library(mlops_brotli brotli/decode.h brotlidec brotlicommon)
# libthrift's headers use Boost's (scoped_array, numeric_cast), which Boost.JSON's package brings.
target_link_libraries(mlops_thrift INTERFACE Boost::headers)
