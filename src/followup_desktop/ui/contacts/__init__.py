"""The Contacts page: people and companies with their history."""
