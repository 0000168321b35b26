"""Note templates by kind and channel, and filling them from the facts of one follow-up."""
