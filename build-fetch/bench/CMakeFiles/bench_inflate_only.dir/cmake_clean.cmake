file(REMOVE_RECURSE
  "CMakeFiles/bench_inflate_only.dir/tools/inflate_only.cpp.o"
  "CMakeFiles/bench_inflate_only.dir/tools/inflate_only.cpp.o.d"
  "bench_inflate_only"
  "bench_inflate_only.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/bench_inflate_only.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
