"""The "no form letters" check a note passes before it is marked ready."""
