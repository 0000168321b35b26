"""SQLite storage through peewee: models, opening the database, schema versions."""
