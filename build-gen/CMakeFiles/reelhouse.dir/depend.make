# Empty dependencies file for reelhouse.
# This may be replaced when dependencies are built.
