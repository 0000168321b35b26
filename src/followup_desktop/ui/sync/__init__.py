"""The calendar server (CalDAV) in the window: its account dialog (from Preferences and File,
Calendar server…) and the syncs the window runs by itself and on File, Sync now (hookup.py,
watch.py); `followup-desktop sync` runs one headless (docs/sync.md)."""
