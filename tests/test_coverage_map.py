"""/maps/coverage in a real browser, offline: every segment drawn and coloured by the share
patrolled, those missing the policy thicker, the gaps dashed; anonymous readers see none."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import serve_app
from db_support import one_row
from playwright.sync_api import Browser
from test_coverage import Api, laid  # noqa: F401  (the fixture laying three patrols)
from test_maps_browser import (  # noqa: F401  (browser, playwright: the fixtures)
    assert_offline_and_clean,
    browser,
    open_map,
    playwright,
    popup_text,
)

from gis import db
from layers.catalog import SHARE_BANDS

pytestmark = pytest.mark.browser
MARCH = "from=2025-03-01&to=2025-03-31"


def expected(url: str) -> dict[str, int]:
    with db.connect(url) as conn:
        return one_row(
            conn.execute(
                "SELECT count(*) AS segments, count(*) FILTER (WHERE NOT meets_policy) AS missed, "
                "count(*) FILTER (WHERE NOT ST_IsEmpty(gaps)) AS with_gaps, "
                "count(*) FILTER (WHERE share_band = 'over_90') AS full "
                "FROM patrol_coverage('2025-03-01', '2025-03-31')"
            )
        )


def test_coverage_map_colours_segments_and_dashes_gaps(
    browser: Browser,  # noqa: F811
    field_api: Api,
    fresh_db: str,
    laid: object,  # noqa: F811
    output_dir: Path,
) -> None:
    _, headers = field_api
    counts = expected(fresh_db)
    assert 0 < counts["full"] < counts["segments"] == 50
    with serve_app(fresh_db) as base:
        visit = open_map(
            browser,
            f"{base}/maps/coverage?{MARCH}",
            base,
            output_dir / "maps" / "coverage.png",
            headers=headers["planner"],
        )
        assert_offline_and_clean(visit)
        assert visit.drawn("patrol_coverage") == counts["segments"]
        assert visit.drawn("patrol_coverage", ".cotmoc-highlight") == counts["missed"]
        assert visit.drawn("patrol_coverage_gaps") == counts["with_gaps"]
        assert (
            visit.drawn("patrol_coverage_gaps", "[stroke-dasharray='4 6']") == counts["with_gaps"]
        )
        green = visit.count(
            f".leaflet-overlay-pane path.cotmoc-patrol_coverage[stroke='{SHARE_BANDS['over_90']}']"
        )
        assert green == counts["full"]
        legend = visit.page.inner_text(".cotmoc-legend")
        assert "Từ 90% trở lên" in legend and "Khoảng trống" in legend
        text = popup_text(visit, "patrol_coverage", "savannakhet:576+865m..577", "segment_id")
        assert "576+865m" in text and "2025-03-10" in text and "Có" in text

        anonymous = open_map(
            browser,
            f"{base}/maps/coverage?{MARCH}",
            base,
            output_dir / "maps" / "coverage-anonymous.png",
        )
        assert anonymous.drawn("patrol_coverage") == 0
        assert "Phạm vi tuần tra theo đoạn" in anonymous.page.inner_text(".cotmoc-panel")
