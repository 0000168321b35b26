"""Keeping the data safe: backups, restoring, rescue of a damaged file, session markers."""
