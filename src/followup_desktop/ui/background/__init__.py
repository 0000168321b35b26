"""Work off the GUI thread, and watching the database for changes made elsewhere."""
