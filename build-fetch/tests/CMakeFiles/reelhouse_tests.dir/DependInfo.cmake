
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/tests/catalog/catalog_snapshots_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/catalog/catalog_snapshots_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/catalog/catalog_snapshots_test.cpp.o.d"
  "/work/main/tests/catalog/catalog_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/catalog/catalog_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/catalog/catalog_test.cpp.o.d"
  "/work/main/tests/catalog/sqlite_handle_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/catalog/sqlite_handle_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/catalog/sqlite_handle_test.cpp.o.d"
  "/work/main/tests/core/config_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/core/config_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/core/config_test.cpp.o.d"
  "/work/main/tests/core/error_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/core/error_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/core/error_test.cpp.o.d"
  "/work/main/tests/fetch/backoff_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/backoff_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/backoff_test.cpp.o.d"
  "/work/main/tests/fetch/fetcher_file_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/fetcher_file_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/fetcher_file_test.cpp.o.d"
  "/work/main/tests/fetch/fetcher_http_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/fetcher_http_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/fetcher_http_test.cpp.o.d"
  "/work/main/tests/fetch/file_meta_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/file_meta_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/file_meta_test.cpp.o.d"
  "/work/main/tests/fetch/http_client_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/http_client_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/http_client_test.cpp.o.d"
  "/work/main/tests/fetch/progress_bar_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/progress_bar_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/progress_bar_test.cpp.o.d"
  "/work/main/tests/fetch/sha256_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/sha256_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/sha256_test.cpp.o.d"
  "/work/main/tests/fetch/source_url_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/fetch/source_url_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/fetch/source_url_test.cpp.o.d"
  "/work/main/tests/lake/lake_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/lake/lake_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/lake/lake_test.cpp.o.d"
  "/work/main/tests/pipeline/imdb_pipeline_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/pipeline/imdb_pipeline_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/pipeline/imdb_pipeline_test.cpp.o.d"
  "/work/main/tests/sources/imdb_generator_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/sources/imdb_generator_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/sources/imdb_generator_test.cpp.o.d"
  "/work/main/tests/support/test_support.cpp" "tests/CMakeFiles/reelhouse_tests.dir/support/test_support.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/support/test_support.cpp.o.d"
  "/work/main/tests/transform/people_model_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/transform/people_model_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/transform/people_model_test.cpp.o.d"
  "/work/main/tests/util/atomic_file_test.cpp" "tests/CMakeFiles/reelhouse_tests.dir/util/atomic_file_test.cpp.o" "gcc" "tests/CMakeFiles/reelhouse_tests.dir/util/atomic_file_test.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-fetch/CMakeFiles/reelhouse_lib.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
