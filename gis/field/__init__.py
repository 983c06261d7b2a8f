"""Field operations: accounts, patrols, inspections, photos, maintenance lifecycle, offline
sync and the inspection schedule (the audit trail they write is ``gis.audit``). No web
framework here: the API calls in."""
