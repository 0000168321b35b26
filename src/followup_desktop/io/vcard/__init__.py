"""vCard files (2.1, 3.0 and 4.0 in; 3.0 or 4.0 out), read and written with vobject."""
