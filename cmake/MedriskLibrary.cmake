# medrisk_library(NAME DIRS d1 [d2…] [EXCLUDE_DIRS x…] DEPS lib…) — a static library made of every
# .cpp under the given folders, with src/ as the include root.
function(medrisk_library name)
  cmake_parse_arguments(ARG "" "" "DIRS;EXCLUDE_DIRS;DEPS" ${ARGN})
  set(sources "")
  foreach(dir IN LISTS ARG_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${dir}/*.cpp)
    list(APPEND sources ${found})
  endforeach()
  foreach(dir IN LISTS ARG_EXCLUDE_DIRS)
    list(FILTER sources EXCLUDE REGEX "^${dir}/")
  endforeach()
  if(NOT sources)
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# Every test executable of the fast and store labels (sanitized build: cmake --build build-asan --target unit_and_store_tests).
add_custom_target(unit_and_store_tests)

# medrisk_test(NAME DIR LABELS "a;b" DEPS lib…) — one GoogleTest executable of every .cpp in DIR,
# registered with CTest under the given labels.
function(medrisk_test name)
  cmake_parse_arguments(ARG "" "DIR" "LABELS;DEPS;ENV" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${ARG_DIR}/*.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  # The unit (fast) and store tiers are what `make test-asan` builds and runs under ASan + UBSan.
  if("fast" IN_LIST ARG_LABELS OR "store" IN_LIST ARG_LABELS)
    add_dependencies(unit_and_store_tests ${name})
  endif()
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}"
    ENVIRONMENT "MEDRISK_SOURCE_DIR=${PROJECT_SOURCE_DIR};MEDRISK_BINARY=$<TARGET_FILE:medrisk>;${ARG_ENV}")
endfunction()
