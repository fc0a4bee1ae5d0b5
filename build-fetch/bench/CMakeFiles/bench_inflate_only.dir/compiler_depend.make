# Empty compiler generated dependencies file for bench_inflate_only.
# This may be replaced when dependencies are built.
