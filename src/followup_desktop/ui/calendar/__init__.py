"""The Calendar page: the page, its span cache and read-ahead, navigation, the month grid
and the week time grid (cells, chips, layout), the day agenda and their models."""
