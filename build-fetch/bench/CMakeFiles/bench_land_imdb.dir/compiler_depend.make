# Empty compiler generated dependencies file for bench_land_imdb.
# This may be replaced when dependencies are built.
