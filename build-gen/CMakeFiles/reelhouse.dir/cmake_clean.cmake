file(REMOVE_RECURSE
  "CMakeFiles/reelhouse.dir/src/cli/main.cpp.o"
  "CMakeFiles/reelhouse.dir/src/cli/main.cpp.o.d"
  "reelhouse"
  "reelhouse.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/reelhouse.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
