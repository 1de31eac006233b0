# SPDX-License-Identifier: GPL-3.0-or-later
# Project-wide compile settings, carried by one INTERFACE target that every target links.
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_AUTOMOC ON)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

option(DRBN_WERROR "Treat warnings as errors (CI)" OFF)

add_library(drbn_settings INTERFACE)
target_compile_features(drbn_settings INTERFACE cxx_std_17)
target_compile_definitions(drbn_settings INTERFACE
  QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
  DRBN_VERSION="${PROJECT_VERSION}")
target_include_directories(drbn_settings INTERFACE ${PROJECT_SOURCE_DIR})
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(drbn_settings INTERFACE -Wall -Wextra -Wno-unused-parameter)
  if(DRBN_WERROR)
    target_compile_options(drbn_settings INTERFACE -Werror)
  endif()
endif()

# AddressSanitizer + UBSan over our own code (preset "asan"; LibTorch, Qt and OpenCV stay
# uninstrumented). Undefined behaviour stops the program, so a test that meets it fails.
option(DRBN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(DRBN_SANITIZE)
  set(DRBN_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(drbn_settings INTERFACE ${DRBN_SANITIZER_FLAGS})
  target_link_options(drbn_settings INTERFACE ${DRBN_SANITIZER_FLAGS})
endif()
