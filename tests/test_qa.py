"""Registry checks (issue 13 item 3): planted problems are found, and on the default data
nothing is found that the registry's own sources do not explain."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from test_border_segments import import_csv, point_at_chainage, positions

from gis import db


def by_rule(body: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in body["findings"]:
        found.setdefault(finding["rule"], set()).add(finding["feature_id"])
    return found


def test_default_data_has_only_what_the_sources_explain(client: TestClient) -> None:
    answer = client.get("/qa")
    assert answer.status_code == 200
    body = answer.json()
    assert body["unexplained"] == 0
    # The sources name Q6, Q8, Q15 and R2 and say nothing of which markers they became.
    assert by_rule(body) == {"legacy_alias_unmapped": {"Q6", "Q8", "Q15", "R2"}}
    for finding in body["findings"]:
        assert "000_941c44a4e543e441.txt:553" in finding["explained_by"]
    assert set(body["checks"]) == {
        "spacing_outlier",
        "marker_off_line",
        "kind_disagrees_with_markers",
        "chainage_not_increasing",
        "legacy_alias_unmapped",
        "no_source",
    }


def test_planted_problems_are_found(
    write_client: TestClient, fresh_db: str, tmp_path: Path
) -> None:
    at = positions(fresh_db)
    import_csv(
        fresh_db,
        tmp_path / "planted.csv",
        {
            "580/5": point_at_chainage(fresh_db, at["580"]["chainage_m"] + 100),  # 100 m on
            "590": point_at_chainage(fresh_db, at["590"]["chainage_m"], 600),  # 600 m off
        },
    )
    with db.connect(fresh_db) as conn:
        conn.execute("UPDATE marker_positions SET kind = 'double' WHERE number = '585'")
        conn.execute("UPDATE gates SET licence = ' ' WHERE code = 'la-lay'")
        conn.commit()
    body = write_client.get("/qa").json()
    found = by_rule(body)
    assert found["spacing_outlier"] == {"savannakhet:580..580/5"}
    spacing = next(f for f in body["findings"] if f["rule"] == "spacing_outlier")
    assert 95 < spacing["value"] < 105 and spacing["reference"] > 2000
    assert found["marker_off_line"] == {"590"}
    off = next(f for f in body["findings"] if f["rule"] == "marker_off_line")
    assert 550 < off["value"] < 650 and off["reference"] == 100
    assert found["kind_disagrees_with_markers"] == {"585"}
    assert found["no_source"] == {"la-lay"}
    assert body["unexplained"] == 4  # the four planted
    # a wider limit lets the off-line marker pass
    wider = by_rule(write_client.get("/qa", params={"off_line_m": 1000}).json())
    assert "marker_off_line" not in wider


def test_chainage_against_the_line_order(write_client: TestClient, fresh_db: str) -> None:
    with db.connect(fresh_db) as conn:
        # 581 said to lie beyond 582 while its point stays where it is
        conn.execute(
            "UPDATE marker_positions SET chainage_m = chainage_m + 3000 WHERE number = '581'"
        )
        conn.commit()
    found = by_rule(write_client.get("/qa").json())
    assert found["chainage_not_increasing"] == {"581"}


def test_bad_limits_are_refused(client: TestClient) -> None:
    for params, name in (
        ({"off_line_m": -1}, "off_line_m"),
        ({"spacing_factor": "x"}, "spacing_factor"),
        ({"offline": 5}, "offline"),
    ):
        answer = client.get("/qa", params=params)
        assert answer.status_code in (400, 422), params
        assert answer.headers["content-type"] == "application/problem+json"
        assert name in answer.text
