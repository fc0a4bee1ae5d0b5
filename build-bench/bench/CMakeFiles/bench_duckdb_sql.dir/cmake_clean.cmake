file(REMOVE_RECURSE
  "CMakeFiles/bench_duckdb_sql.dir/tools/duckdb_sql.cpp.o"
  "CMakeFiles/bench_duckdb_sql.dir/tools/duckdb_sql.cpp.o.d"
  "bench_duckdb_sql"
  "bench_duckdb_sql.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/bench_duckdb_sql.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
