file(REMOVE_RECURSE
  "CMakeFiles/bench_land_imdb.dir/tools/land_imdb.cpp.o"
  "CMakeFiles/bench_land_imdb.dir/tools/land_imdb.cpp.o.d"
  "bench_land_imdb"
  "bench_land_imdb.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/bench_land_imdb.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
