"""Use cases: transactions, validation and planning over storage. No Qt here."""
