file(REMOVE_RECURSE
  "libreelhouse_lib.a"
)
