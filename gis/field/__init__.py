"""Field operations: accounts, patrols, inspections, photos, maintenance lifecycle, offline
sync, inspection schedule and the audit trail. No web framework here: the API calls in."""
