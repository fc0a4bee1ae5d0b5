
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/build-cfg/generated/embedded_sql.cpp" "CMakeFiles/reelhouse_lib.dir/generated/embedded_sql.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/generated/embedded_sql.cpp.o.d"
  "/work/main/src/catalog/catalog.cpp" "CMakeFiles/reelhouse_lib.dir/src/catalog/catalog.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/catalog/catalog.cpp.o.d"
  "/work/main/src/catalog/catalog_schema.cpp" "CMakeFiles/reelhouse_lib.dir/src/catalog/catalog_schema.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/catalog/catalog_schema.cpp.o.d"
  "/work/main/src/catalog/catalog_snapshots.cpp" "CMakeFiles/reelhouse_lib.dir/src/catalog/catalog_snapshots.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/catalog/catalog_snapshots.cpp.o.d"
  "/work/main/src/catalog/sqlite_handle.cpp" "CMakeFiles/reelhouse_lib.dir/src/catalog/sqlite_handle.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/catalog/sqlite_handle.cpp.o.d"
  "/work/main/src/cli/cli_config.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/cli_config.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/cli_config.cpp.o.d"
  "/work/main/src/cli/generate_command.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/generate_command.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/generate_command.cpp.o.d"
  "/work/main/src/cli/init_command.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/init_command.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/init_command.cpp.o.d"
  "/work/main/src/cli/query_command.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/query_command.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/query_command.cpp.o.d"
  "/work/main/src/cli/report_error.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/report_error.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/report_error.cpp.o.d"
  "/work/main/src/cli/run_command.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/run_command.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/run_command.cpp.o.d"
  "/work/main/src/cli/status_command.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/status_command.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/status_command.cpp.o.d"
  "/work/main/src/cli/table_printer.cpp" "CMakeFiles/reelhouse_lib.dir/src/cli/table_printer.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/cli/table_printer.cpp.o.d"
  "/work/main/src/core/config.cpp" "CMakeFiles/reelhouse_lib.dir/src/core/config.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/core/config.cpp.o.d"
  "/work/main/src/core/config_keys.cpp" "CMakeFiles/reelhouse_lib.dir/src/core/config_keys.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/core/config_keys.cpp.o.d"
  "/work/main/src/core/config_value.cpp" "CMakeFiles/reelhouse_lib.dir/src/core/config_value.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/core/config_value.cpp.o.d"
  "/work/main/src/core/error.cpp" "CMakeFiles/reelhouse_lib.dir/src/core/error.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/core/error.cpp.o.d"
  "/work/main/src/db/duck_chunk_source.cpp" "CMakeFiles/reelhouse_lib.dir/src/db/duck_chunk_source.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/db/duck_chunk_source.cpp.o.d"
  "/work/main/src/db/duckdb.cpp" "CMakeFiles/reelhouse_lib.dir/src/db/duckdb.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/db/duckdb.cpp.o.d"
  "/work/main/src/fetch/backoff.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/backoff.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/backoff.cpp.o.d"
  "/work/main/src/fetch/fetcher.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/fetcher.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/fetcher.cpp.o.d"
  "/work/main/src/fetch/file_meta.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/file_meta.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/file_meta.cpp.o.d"
  "/work/main/src/fetch/http_client.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/http_client.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/http_client.cpp.o.d"
  "/work/main/src/fetch/http_download.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/http_download.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/http_download.cpp.o.d"
  "/work/main/src/fetch/part_file.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/part_file.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/part_file.cpp.o.d"
  "/work/main/src/fetch/progress_bar.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/progress_bar.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/progress_bar.cpp.o.d"
  "/work/main/src/fetch/sha256.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/sha256.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/sha256.cpp.o.d"
  "/work/main/src/fetch/source_url.cpp" "CMakeFiles/reelhouse_lib.dir/src/fetch/source_url.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/fetch/source_url.cpp.o.d"
  "/work/main/src/lake/lake.cpp" "CMakeFiles/reelhouse_lib.dir/src/lake/lake.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/lake/lake.cpp.o.d"
  "/work/main/src/landing/block_reader.cpp" "CMakeFiles/reelhouse_lib.dir/src/landing/block_reader.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/landing/block_reader.cpp.o.d"
  "/work/main/src/landing/duplicate_tracker.cpp" "CMakeFiles/reelhouse_lib.dir/src/landing/duplicate_tracker.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/landing/duplicate_tracker.cpp.o.d"
  "/work/main/src/landing/imdb_schema.cpp" "CMakeFiles/reelhouse_lib.dir/src/landing/imdb_schema.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/landing/imdb_schema.cpp.o.d"
  "/work/main/src/sources/imdb_generator.cpp" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator.cpp.o.d"
  "/work/main/src/sources/imdb_generator_defects.cpp" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_defects.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_defects.cpp.o.d"
  "/work/main/src/sources/imdb_generator_model.cpp" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_model.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_model.cpp.o.d"
  "/work/main/src/sources/imdb_generator_tables.cpp" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_tables.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_tables.cpp.o.d"
  "/work/main/src/sources/imdb_generator_text.cpp" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_text.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/sources/imdb_generator_text.cpp.o.d"
  "/work/main/src/transform/model_runner.cpp" "CMakeFiles/reelhouse_lib.dir/src/transform/model_runner.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/transform/model_runner.cpp.o.d"
  "/work/main/src/transform/sql_catalog.cpp" "CMakeFiles/reelhouse_lib.dir/src/transform/sql_catalog.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/transform/sql_catalog.cpp.o.d"
  "/work/main/src/util/atomic_file.cpp" "CMakeFiles/reelhouse_lib.dir/src/util/atomic_file.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/util/atomic_file.cpp.o.d"
  "/work/main/src/util/gzip_reader.cpp" "CMakeFiles/reelhouse_lib.dir/src/util/gzip_reader.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/util/gzip_reader.cpp.o.d"
  "/work/main/src/util/gzip_writer.cpp" "CMakeFiles/reelhouse_lib.dir/src/util/gzip_writer.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/util/gzip_writer.cpp.o.d"
  "/work/main/src/util/utf8.cpp" "CMakeFiles/reelhouse_lib.dir/src/util/utf8.cpp.o" "gcc" "CMakeFiles/reelhouse_lib.dir/src/util/utf8.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
