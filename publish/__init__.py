"""Publishing: turning indicator values into pages, tables, images and slides."""
