"""Writing and delivering a note: the composer, its parts, printing and the template editor."""
