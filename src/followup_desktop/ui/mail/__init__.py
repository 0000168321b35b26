"""The mailbox in the window: the watch that checks it, the account, the replies to answer."""
