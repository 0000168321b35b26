"""The main window's parts: its menus and actions, its pages in the sidebar, its size and place."""
