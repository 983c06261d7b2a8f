"""The repair lifecycle of a maintenance record: which step follows which, and who may take it.

reported → assessed → repair_proposed → approved → in_repair → repaired → verified → closed,
with the ways back and out that practice needs (a false report closed, a proposal sent back for
reassessment, a repair that fails verification).
"""

from __future__ import annotations

from gis.field.errors import NotAllowed, TransitionRefused

# Guards carry repairs out; planners also assess, propose, approve and verify (issue 4).
# Admins may do anything.
FIELD = frozenset({"guard", "planner", "admin"})
PLANNING = frozenset({"planner", "admin"})

STEPS: dict[tuple[str, str], frozenset[str]] = {
    ("reported", "assessed"): PLANNING,
    ("reported", "closed"): PLANNING,
    ("assessed", "repair_proposed"): PLANNING,
    ("assessed", "closed"): PLANNING,
    ("repair_proposed", "approved"): PLANNING,
    ("repair_proposed", "assessed"): PLANNING,
    ("approved", "in_repair"): FIELD,
    ("in_repair", "repaired"): FIELD,
    ("repaired", "verified"): PLANNING,
    ("repaired", "in_repair"): PLANNING,
    ("verified", "closed"): PLANNING,
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
            f"to: a record in status '{current}' cannot go to '{to}'; allowed next: {options}")
    if role not in allowed_roles:
        raise NotAllowed(f"to: the role '{role}' may not move a record from '{current}' to "
                         f"'{to}' (needs {' or '.join(sorted(allowed_roles))})")
