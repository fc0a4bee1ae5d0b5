# Empty dependencies file for bench_duckdb_sql.
# This may be replaced when dependencies are built.
