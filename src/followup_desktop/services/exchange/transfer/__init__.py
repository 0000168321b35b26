"""The JSON document of all data: its sections, the export and the all-or-nothing import."""
