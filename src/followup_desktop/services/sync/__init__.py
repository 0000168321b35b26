"""The follow-ups on the user's own CalDAV server (docs/sync.md): the account, the items written
out, what comes back from a phone or another machine, and the local ledger of what was
written. No Qt here; the window and the CLI call `syncing.sync`."""
