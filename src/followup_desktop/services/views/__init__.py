"""Read models for the screens: what the due list, pipeline, people, calendar and search show."""
