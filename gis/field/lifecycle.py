"""The repair lifecycle of a maintenance record: which step follows which, and who may take it.

reported → assessed → repair_proposed → approved → in_repair → repaired → verified → closed,
with the ways back and out that practice needs (a false report closed, a proposal sent back for
reassessment, a repair that fails verification).
"""

from __future__ import annotations

from gis.field.errors import NotAllowed, TransitionRefused
from gis.vocabulary import FIELD_WRITERS as FIELD
from gis.vocabulary import PLANNERS as PLANNING
from gis.vocabulary import MaintenanceStatus as S

# Guards carry repairs out; planners also assess, propose, approve and verify (issue 4).
# Admins may do anything.
STEPS: dict[tuple[str, str], frozenset[str]] = {
    (S.reported, S.assessed): PLANNING,
    (S.reported, S.closed): PLANNING,
    (S.assessed, S.repair_proposed): PLANNING,
    (S.assessed, S.closed): PLANNING,
    (S.repair_proposed, S.approved): PLANNING,
    (S.repair_proposed, S.assessed): PLANNING,
    (S.approved, S.in_repair): FIELD,
    (S.in_repair, S.repaired): FIELD,
    (S.repaired, S.verified): PLANNING,
    (S.repaired, S.in_repair): PLANNING,
    (S.verified, S.closed): PLANNING,
}


def next_statuses(status: str) -> list[str]:
    """The statuses a maintenance record at ``status`` may move to."""
    return [to for (frm, to) in STEPS if frm == status]


def check_step(current: str, to: str, role: str) -> None:
    """Raise unless the lifecycle allows ``current`` → ``to`` for ``role``."""
    allowed_roles = STEPS.get((current, to))
    if allowed_roles is None:
        options = ", ".join(next_statuses(current)) or "none (the record is closed)"
        raise TransitionRefused(
            f"to: a record in status '{current}' cannot go to '{to}'; allowed next: {options}"
        )
    if role not in allowed_roles:
        raise NotAllowed(
            f"to: the role '{role}' may not move a record from '{current}' to "
            f"'{to}' (needs {' or '.join(sorted(allowed_roles))})"
        )
