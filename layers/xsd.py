"""A GML application schema (XSD) per layer, so that GDAL's OAPIF driver knows a
collection's geometry type and attribute types before it has seen a feature (an empty
patrols collection was "Unknown" geometry, its dates guessed from the first page).

Written from the layer declaration with the standard library's XML writer.
"""

from __future__ import annotations

from xml.etree import ElementTree

from layers.base import Layer, Property

XS = "http://www.w3.org/2001/XMLSchema"
GML = "http://www.opengis.net/gml/3.2"
TARGET = "urn:cotmoc:registry"

GEOMETRY_TYPES = {
    "Point": "gml:PointPropertyType",
    "MultiPoint": "gml:MultiPointPropertyType",
    "LineString": "gml:LineStringPropertyType",
    "MultiLineString": "gml:MultiLineStringPropertyType",
    "Polygon": "gml:PolygonPropertyType",
    "MultiPolygon": "gml:MultiPolygonPropertyType",
}


def _xsd_type(prop: Property) -> str:
    if prop.format == "date":
        return "xs:date"
    if prop.format == "date-time":
        return "xs:dateTime"
    return {"number": "xs:double", "integer": "xs:long", "boolean": "xs:boolean"}.get(
        prop.type, "xs:string"
    )


def _element(
    parent: ElementTree.Element, tag: str, attributes: dict[str, str] | None = None
) -> ElementTree.Element:
    return ElementTree.SubElement(parent, f"xs:{tag}", attributes or {})


def application_schema(layer: Layer) -> bytes:
    """The XSD of ``layer``'s features: one geometry property, then every published
    property with its type (arrays as repeated strings), all optional."""
    root = ElementTree.Element(
        "xs:schema",
        {
            "xmlns:xs": XS,
            "xmlns:gml": GML,
            "xmlns:cotmoc": TARGET,
            "targetNamespace": TARGET,
            "elementFormDefault": "qualified",
            "version": "1.0",
        },
    )
    _element(
        root,
        "import",
        {"namespace": GML, "schemaLocation": "http://schemas.opengis.net/gml/3.2.1/gml.xsd"},
    )
    type_name = f"{layer.id}Type"
    _element(
        root,
        "element",
        {
            "name": layer.id,
            "type": f"cotmoc:{type_name}",
            "substitutionGroup": "gml:AbstractFeature",
        },
    )
    complex_type = _element(root, "complexType", {"name": type_name})
    extension = _element(
        _element(complex_type, "complexContent"), "extension", {"base": "gml:AbstractFeatureType"}
    )
    sequence = _element(extension, "sequence")
    _element(
        sequence,
        "element",
        {
            "name": "geometry",
            "minOccurs": "0",
            "type": GEOMETRY_TYPES.get(layer.geometry_type, "gml:GeometryPropertyType"),
        },
    )
    for prop in layer.properties:
        occurs = {"maxOccurs": "unbounded"} if prop.type == "array" else {}
        _element(
            sequence,
            "element",
            {"name": prop.name, "type": _xsd_type(prop), "minOccurs": "0", **occurs},
        )
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
