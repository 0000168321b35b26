"""Hearing back: what the user's own mailbox says about their follow-ups (read only, opt-in).

The IMAP side: account.py (the account, kept as settings) and security.py (TLS unless the
server is this machine); secret.py (the password, in the Secret Service through keyring);
connection.py (connecting, and every failure as one sentence); structure.py, decoding.py and
automatic.py (which part to read, bytes to clean text, automatic answers); fetching.py (the new
messages of INBOX and Sent into a CheckResult, message.py); checking.py (one check, end to end).
applying.py turns one check's messages into touches, done follow-ups and moved steps, in one
transaction with the folders' new positions: matching.py says who a message is from or to,
replies.py records replies (and answers them: `replies_to_answer`, `answer_reply`),
follow_ups.py marks sent notes done and moves follow-ups past an absence (out_of_office.py reads
the return date), positions.py keeps where each folder stopped and what was applied. The rules
themselves are in domain/hearing_back.py and domain/freemail.py. No Qt here.
"""
