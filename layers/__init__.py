"""Published layers: declared once, read by the API, the exports and the maps."""

from layers.base import Layer, Property, Style
from layers.catalog import LAYERS

__all__ = ["LAYERS", "Layer", "Property", "Style"]
