"""The window's dialogs that belong to no single page."""
