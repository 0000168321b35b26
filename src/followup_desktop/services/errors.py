"""Errors a user can act on. Their text is shown as it is, in one sentence."""


class UserError(Exception):
    """Something the user asked for cannot be done; nothing was changed."""
