"""Reading calendar invitations (.ics): limits, the file's shape, events, zones, people."""
