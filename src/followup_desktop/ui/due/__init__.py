"""The Due page: the list of follow-ups, its model, its dialogs and the decision call."""
