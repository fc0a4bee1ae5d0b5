# Empty dependencies file for reelhouse_lib.
# This may be replaced when dependencies are built.
