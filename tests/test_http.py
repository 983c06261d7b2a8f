"""HTTP details GIS clients rely on: HEAD everywhere GET is, unknown parameters refused,
links from the configured public URL whatever Host the request names, CORS only for reads
and only when configured, security headers on HTML, and an OpenAPI document that says what
the server answers."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from conftest import make_client
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import ValidationError

from gis.settings import Settings

MISSING = "00000000-0000-4000-8000-00000000dead"
# One request per GET route of the app (the test below checks that none is missing).
TILE_ROUTE = (
    "/collections/{collection_id}/tiles/WebMercatorQuad/{tile_matrix}/{tile_row}/{tile_col}"
)
GET_EXAMPLES = {
    "/": "/",
    "/conformance": "/conformance",
    "/collections": "/collections",
    "/collections/{collection_id}": "/collections/markers",
    "/collections/{collection_id}/queryables": "/collections/markers/queryables",
    "/collections/{collection_id}/xsd": "/collections/markers/xsd",
    "/collections/{collection_id}/tiles": "/collections/markers/tiles",
    "/collections/{collection_id}/tiles/WebMercatorQuad": (
        "/collections/markers/tiles/WebMercatorQuad"
    ),
    TILE_ROUTE: "/collections/markers/tiles/WebMercatorQuad/12/1851/3259",
    "/collections/{collection_id}/items": "/collections/markers/items?limit=3",
    "/collections/{collection_id}/items/{feature_id:path}": "/collections/markers/items/606%2F1",
    "/collections/{collection_id}/items/{feature_id:path}/versions": (
        "/collections/markers/items/606%2F1/versions"
    ),
    "/collections/{collection_id}/items/{feature_id:path}/versions/{version_id}": (
        "/collections/markers/items/585/versions/1"
    ),
    "/changes": "/changes?since=2026-01-01T00:00:00Z&limit=5",
    "/maps": "/maps",
    "/maps/overview": "/maps/overview",
    "/maps/inspections": "/maps/inspections",
    "/maps/maintenance": "/maps/maintenance?lang=en",
    "/maps/markers/{code:path}": "/maps/markers/585",
    "/maps/coverage": "/maps/coverage?from=2025-03-01&to=2025-03-31",
    "/coverage": "/coverage?from=2025-03-01&to=2025-03-31",
    "/qa": "/qa",
    "/maps/static/{name:path}": "/maps/static/leaflet.js",
    "/openapi.json": "/openapi.json",
    "/docs": "/docs",
    "/docs/oauth2-redirect": "/docs/oauth2-redirect",
    "/alerts": "/alerts",
    "/audit": "/audit",
    "/inspections/due": "/inspections/due",
    "/inspections/{inspection_id}": f"/inspections/{MISSING}",
    "/maintenance/{record_id}": f"/maintenance/{MISSING}",
    "/patrols/{patrol_id}": f"/patrols/{MISSING}",
    "/photos/{photo_id}": f"/photos/{MISSING}",
    "/reports/joint": "/reports/joint?from=2026-01-01&to=2026-01-31&f=html",
    "/healthz": "/healthz",
    "/readyz": "/readyz",
    "/metrics": "/metrics",
    "/field": "/field",
    "/field/": "/field/",
    "/field/sw.js": "/field/sw.js",
    "/field/words.json": "/field/words.json",
    "/field/config.json": "/field/config.json",
    "/field/manifest.webmanifest": "/field/manifest.webmanifest",
    "/field/icons/{size}.png": "/field/icons/192.png",
    "/field/static/{name:path}": "/field/static/field.css",
    # the desk (issue 11): without a session its pages redirect to /login
    "/login": "/login",
    "/desk": "/desk",
    "/desk/maintenance/{record_id}": f"/desk/maintenance/{MISSING}",
    "/desk/markers/{code:path}": "/desk/markers/585",
    "/desk/inspections/{inspection_id}": f"/desk/inspections/{MISSING}",
    "/desk/patrols/{patrol_id}": f"/desk/patrols/{MISSING}",
    "/desk/static/{name}": "/desk/static/desk.css",
    "/desk/admin/users": "/desk/admin/users",
    "/desk/admin/keys": "/desk/admin/keys",
    "/desk/admin/audit": "/desk/admin/audit",
    "/photos/{photo_id}/original": f"/photos/{MISSING}/original",
    "/photos/{photo_id}/thumbnail": f"/photos/{MISSING}/thumbnail",
    "/inspections/{inspection_id}/photos": f"/inspections/{MISSING}/photos",
    "/inspections/{inspection_id}/history": f"/inspections/{MISSING}/history",
    "/patrols/{patrol_id}/history": f"/patrols/{MISSING}/history",
    "/markers/{code:path}/photos": "/markers/585/photos",
    "/markers/{code:path}/status": "/markers/585/status",
}
# Answers that change from one request to the next by design (counters; the sign-in form's
# fresh CSRF token and its cookie).
CHANGING = {"/metrics", "/login"}
MORE_GETS = [
    "/collections/markers/items?f=csv",
    "/collections/nope",
    "/collections/markers/items/nope",
]


def test_every_get_route_has_an_example(field_api: tuple[TestClient, dict]) -> None:
    client, _ = field_api
    routes = iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
    gets = {route.path for route in routes if "GET" in (route.methods or ())}
    assert gets == set(GET_EXAMPLES)


@pytest.mark.parametrize("url", [*GET_EXAMPLES.values(), *MORE_GETS])
def test_head_answers_like_get_without_a_body(field_api: tuple[TestClient, dict], url: str) -> None:
    client, headers = field_api
    got = client.get(url, headers=headers["admin"], follow_redirects=False)
    head = client.head(url, headers=headers["admin"], follow_redirects=False)
    assert head.status_code == got.status_code != 405
    assert head.content == b""
    if url in CHANGING:
        assert head.headers["content-type"] == got.headers["content-type"]
        return
    # folium gives each map element a random id, so a map's inline script (and the hash the
    # policy names for it) differs from one rendering to the next: compare its shape there
    policy = "content-security-policy"
    if policy in got.headers and "/maps/" in url:
        assert (
            directives(head.headers.pop(policy)).keys()
            == directives(got.headers.pop(policy)).keys()
        )
    for each_request in ("x-request-id",):  # names the request, not the resource
        assert head.headers.pop(each_request) != got.headers.pop(each_request)
    assert dict(head.headers) == dict(got.headers)
    if "content-length" in got.headers:
        assert int(head.headers["content-length"]) == len(got.content)


def test_head_over_a_real_socket(live_server: str) -> None:
    url = f"{live_server}/collections/markers/items?limit=5"
    got, head = httpx.get(url), httpx.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert int(head.headers["content-length"]) == len(got.content) > 0


OGC_RESOURCES = [
    "/",
    "/conformance",
    "/collections",
    "/collections/markers",
    "/collections/markers/queryables",
    "/collections/markers/items",
    "/collections/markers/items/585",
]


@pytest.mark.parametrize("url", OGC_RESOURCES)
def test_unknown_query_parameters_are_400s_naming_them(client: TestClient, url: str) -> None:
    response = client.get(url, params={"bbx": "106,16,107,17"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["parameter"] == "bbx" and "unknown query parameter 'bbx'" in body["detail"]
    assert client.get(url).status_code == 200


def test_known_parameters_still_work(client: TestClient) -> None:
    items = "/collections/markers/items"
    assert client.get(items, params={"status": "damaged"}).status_code == 200  # a queryable
    assert (
        client.get(
            items,
            params={
                "limit": 2,
                "bbox": "106,16,107,17",
                "crs": "EPSG:3405",
                "sortby": "code",
                "properties": "code",
            },
        ).status_code
        == 200
    )
    assert client.get(f"{items}/585", params={"crs": "EPSG:3405"}).status_code == 200
    # a queryable is a filter on items only, not a parameter of one feature
    assert client.get(f"{items}/585", params={"status": "damaged"}).status_code == 400
    for url in (
        "/",
        "/conformance",
        "/collections",
        "/collections/markers",
        "/collections/markers/queryables",
    ):
        assert client.get(url, params={"f": "json"}).status_code == 200
        assert client.get(url, params={"f": "xml"}).status_code == 400
    for url in ("/conformance", "/collections/markers/queryables"):  # JSON only (issue 11)
        assert client.get(url, params={"f": "html"}).status_code == 400


# Links ----------------------------------------------------------------------------------------

PUBLIC = "https://gis.example.gov/cotmoc"
HOSTILE_HOST = {
    "Host": "evil.example",
    "X-Forwarded-Host": "evil.example",
    "Forwarded": "host=evil.example",
}


@pytest.fixture
def public_client(monkeypatch: pytest.MonkeyPatch, shared_db: str) -> Iterator[TestClient]:
    monkeypatch.setenv("COTMOC_PUBLIC_URL", PUBLIC + "/")
    yield from make_client(monkeypatch, shared_db)


def hrefs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in ("href", "$id") and isinstance(v, str)]
        return found + [h for v in node.values() for h in hrefs(v)]
    if isinstance(node, list):
        return [h for item in node for h in hrefs(item)]
    return []


LINKED = [
    "/",
    "/collections",
    "/collections/markers",
    "/collections/markers/queryables",
    "/collections/markers/items?limit=10",
    "/collections/markers/items?limit=10&offset=10",
    "/collections/markers/items/585",
    "/changes?since=2000-01-01T00:00:00Z&limit=5",
]


def test_links_come_from_the_public_url_never_from_the_host_header(
    public_client: TestClient,
) -> None:
    seen: list[str] = []
    for url in LINKED:
        response = public_client.get(url, headers=HOSTILE_HOST)
        assert response.status_code == 200, (url, response.text)
        links = hrefs(response.json())
        assert links, url
        seen += links
    assert not [link for link in seen if not link.startswith(PUBLIC + "/")]
    rels = {
        (link["rel"])
        for link in public_client.get(
            "/collections/markers/items?limit=10&offset=10", headers=HOSTILE_HOST
        ).json()["links"]
    }
    assert {"self", "next", "prev", "collection"} <= rels  # paging links are among them
    assert any(
        link.startswith(f"{PUBLIC}/collections/markers/items?") and "cursor=" in link
        for link in seen
    )  # a next page, by cursor
    page = public_client.get("/maps/overview", headers=HOSTILE_HOST).text
    assert "evil.example" not in page
    assert re.findall(r'(?:href|src)="(/[^"]*)"', page)  # the map's own files and links ...
    assert all(
        path.startswith("/cotmoc/maps/") for path in re.findall(r'(?:href|src)="(/[^"]*)"', page)
    )  # ... behind /cotmoc
    moved = public_client.get("/maps", headers=HOSTILE_HOST, follow_redirects=False)
    assert moved.headers["location"] == "/cotmoc/maps/overview?lang=vi"


def test_without_a_public_url_links_use_the_configured_host_and_port(
    monkeypatch: pytest.MonkeyPatch, shared_db: str
) -> None:
    monkeypatch.delenv("COTMOC_PUBLIC_URL", raising=False)
    monkeypatch.setenv("COTMOC_HOST", "0.0.0.0")  # a wildcard address is no link target
    monkeypatch.setenv("COTMOC_PORT", "8123")
    for client in make_client(monkeypatch, shared_db):
        links = hrefs(client.get("/", headers=HOSTILE_HOST).json())
        assert links and all(link.startswith("http://127.0.0.1:8123/") for link in links)


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "ftp://x.example", "https://x.example/?q=1", "https://x .example"],
)
def test_a_malformed_public_url_is_refused_at_start(value: str) -> None:
    with pytest.raises(ValidationError):
        Settings(public_url=value)


# CORS -----------------------------------------------------------------------------------------

MAP_SITE = "https://map.example.org"


@pytest.fixture
def cors_client(monkeypatch: pytest.MonkeyPatch, shared_db: str) -> Iterator[TestClient]:
    monkeypatch.setenv("COTMOC_CORS_ORIGINS", f"{MAP_SITE}, https://other.example.org")
    yield from make_client(monkeypatch, shared_db)


def test_cors_lets_configured_origins_read(cors_client: TestClient) -> None:
    items = "/collections/markers/items?limit=1"
    got = cors_client.get(items, headers={"Origin": MAP_SITE})
    assert got.headers["access-control-allow-origin"] == MAP_SITE
    assert "etag" in got.headers["access-control-expose-headers"].lower()
    exposed = got.headers["access-control-expose-headers"].lower().split(", ")
    assert "link" in exposed  # a mirror in a browser reads the feed's next page from it
    assert (
        cors_client.head(items, headers={"Origin": MAP_SITE}).headers["access-control-allow-origin"]
        == MAP_SITE
    )
    preflight = cors_client.options(
        items,
        headers={
            "Origin": MAP_SITE,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-API-Key, If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert set(preflight.headers["access-control-allow-methods"].split(", ")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
    stranger = cors_client.get(items, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in stranger.headers


def test_cors_never_opens_writes(cors_client: TestClient) -> None:
    preflight = cors_client.options(
        "/maintenance", headers={"Origin": MAP_SITE, "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 400  # the browser does not send the POST
    posted = cors_client.post(
        "/auth/token", data={"username": "x", "password": "y"}, headers={"Origin": MAP_SITE}
    )
    assert posted.status_code == 401
    assert "access-control-allow-origin" not in posted.headers  # its answer stays unreadable


def test_no_cors_by_default(client: TestClient) -> None:
    got = client.get("/collections", headers={"Origin": MAP_SITE})
    assert got.status_code == 200 and "access-control-allow-origin" not in got.headers
    preflight = client.options(
        "/collections", headers={"Origin": MAP_SITE, "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


# HTML security headers --------------------------------------------------------------------------


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def inline(tag: str, page: str) -> set[str]:
    """The text of each inline <script> or <style> element, as a browser hashes it."""
    found = re.findall(rf"<{tag}\b([^>]*)>(.*?)</{tag}", page, re.S | re.I)
    return {body for attrs, body in found if "src=" not in attrs}


def sha256(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


@pytest.mark.parametrize("url", ["/maps/overview", "/maps/markers/585", "/maps/coverage", "/docs"])
def test_html_pages_send_a_csp_allowing_exactly_their_inline_code(
    client: TestClient, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["x-frame-options"] == "DENY"
    policy = directives(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name] and "'unsafe-eval'" not in policy[name]
    # each inline script and style of the page is allowed by its hash, and nothing else is
    for tag, name in (("script", "script-src"), ("style", "style-src")):
        hashes = {source for source in policy[name] if source.startswith("'sha256-")}
        assert hashes == {sha256(body) for body in inline(tag, response.text)}, name
    if url.startswith("/maps/"):
        assert inline("script", response.text) and inline("style", response.text)


def test_json_answers_carry_no_page_policy(client: TestClient) -> None:
    response = client.get("/collections")
    assert "content-security-policy" not in response.headers


# OpenAPI ---------------------------------------------------------------------------------------


def test_openapi_says_400_problems_on_gets_and_the_real_media_types(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        assert "422" not in get["responses"], path
        if get.get("parameters"):
            assert list(get["responses"]["400"]["content"]) == ["application/problem+json"]
    items = document["paths"]["/collections/{collection_id}/items"]["get"]["responses"]["200"]
    assert items["content"]["application/geo+json"]["schema"]["$ref"].endswith(
        "/FeatureCollectionGeoJSON"
    )
    assert {"text/csv", "application/geopackage+sqlite3"} <= set(items["content"])
    queryables = document["paths"]["/collections/{collection_id}/queryables"]["get"]
    assert list(queryables["responses"]["200"]["content"]) == ["application/schema+json"]


@pytest.mark.parametrize(
    ("url", "schema"),
    [
        ("/collections/markers/items?limit=5", "FeatureCollectionGeoJSON"),
        ("/collections/gates/items", "FeatureCollectionGeoJSON"),
        ("/collections/border_sections/items/savannakhet", "FeatureGeoJSON"),
        ("/collections/markers/items?bbx=1", "Problem"),
    ],
)
def test_answers_match_the_documented_schemas(client: TestClient, url: str, schema: str) -> None:
    document = client.get("/openapi.json").json()
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    )
    response = client.get(url)
    validator.validate(response.json())
    if schema == "Problem":
        assert response.status_code == 400
    else:
        assert response.headers["content-type"] == "application/geo+json"


def test_service_desc_and_conformance_match_the_openapi_version(client: TestClient) -> None:
    version = client.get("/openapi.json").json()["openapi"]
    links = {link["rel"]: link for link in client.get("/").json()["links"]}
    major_minor = ".".join(version.split(".")[:2])
    assert (
        links["service-desc"]["type"] == f"application/vnd.oai.openapi+json;version={major_minor}"
    )
    oas30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"
    assert (oas30 in client.get("/conformance").json()["conformsTo"]) == (major_minor == "3.0")
