"""Qt widgets over the service layer. Nothing here touches the database directly."""
