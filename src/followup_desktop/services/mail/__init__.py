"""Hearing back: what the user's own mailbox says about their follow-ups (read only, opt-in).

fetching.py reads the new messages of INBOX and Sent over IMAP (imapclient) into `MailMessage`s;
applying.py turns one check's messages into touches, done follow-ups and moved steps, in one
transaction with the folders' new positions. No Qt here.
"""
