# Empty dependencies file for reelhouse_tests.
# This may be replaced when dependencies are built.
