"""Calendar invitations (.ics) turned into interviews: proposing, guessing, applying."""
