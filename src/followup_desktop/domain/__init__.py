"""Plain-Python domain: entities, follow-up rules and calendar arithmetic.

Nothing here imports Qt, peewee or any other layer of this package.
"""
