file(REMOVE_RECURSE
  "CMakeFiles/reelhouse_tests.dir/core/error_test.cpp.o"
  "CMakeFiles/reelhouse_tests.dir/core/error_test.cpp.o.d"
  "CMakeFiles/reelhouse_tests.dir/support/test_support.cpp.o"
  "CMakeFiles/reelhouse_tests.dir/support/test_support.cpp.o.d"
  "reelhouse_tests"
  "reelhouse_tests.pdb"
  "reelhouse_tests[1]_tests.cmake"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/reelhouse_tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
