"""``cotmoc import``: markers and border lines from files, checked row by row, in one
transaction."""
