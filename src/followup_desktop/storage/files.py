"""What the data folder holds and which schema this app writes, without peewee: the first
screen (services/views/first_screen.py) opens the database with sqlite3 before peewee loads."""

DATABASE_FILE = "followup.sqlite3"
SCHEMA_VERSION = 11  # storage/schema.py: one step per version (a test keeps them equal)
