"""The domain core: settings, the embedded cluster, database access, geometry, field records,
importers, exports and seed data. It imports nothing from ``layers``, ``maps`` or ``api``."""
