"""The machine the app runs on: the data folder, private files, the single instance, resources."""
