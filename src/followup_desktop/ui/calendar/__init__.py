"""The calendar page's parts (being moved here from ui/calendar_*.py): where chips go in a day
cell (layout), the week's time grid (timegrid)."""
