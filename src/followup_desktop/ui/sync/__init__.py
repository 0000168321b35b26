"""The calendar server (CalDAV) in the window: for now its account dialog, reached from
Preferences; syncing runs from `followup-desktop sync` (docs/sync.md)."""
