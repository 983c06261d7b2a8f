"""The joint inspection report (issue 14): one document for both sides of the border.

In the import order ``api`` → ``reports`` → ``maps``/``layers`` → ``gis``: the report reads
the registry through SQL of its own, takes colours and value titles from ``layers``, and is
served and printed by ``api``.
"""
