# agentry_library(NAME SOURCES... DEPS ... [PRIVATE_DEPS ...]) declares one module library with
# our warnings. DEPS are part of its interface (its headers use them) and pass on to whoever links
# it; PRIVATE_DEPS only serve its own sources: their compile definitions do not pass on, which is
# how agentry_store keeps its queries from the layers above domain (store/query_access.hpp).
function(agentry_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} agentry_warnings)
endfunction()

# agentry_test(NAME SOURCES... DEPS ...) declares one GoogleTest binary registered with ctest.
function(agentry_test name)
  if(NOT AGENTRY_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main agentry_warnings)
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST)
endfunction()
