"""The app's icons, drawn with Pillow: a boundary marker (a white pillar with a red cap) on
the app's green, inside the safe zone of a maskable icon."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw

SIZES = (192, 512)
GREEN = (31, 78, 61)
RED = (176, 58, 46)
WHITE = (250, 250, 247)
SHADOW = (20, 50, 40)


@cache
def icon_png(size: int) -> bytes:
    """The field app's icon (a boundary marker on green) as a PNG of ``size`` pixels; KeyError for a
    size the manifest does not name."""
    if size not in SIZES:
        raise KeyError(size)
    image = Image.new("RGB", (size, size), GREEN)
    draw = ImageDraw.Draw(image)
    unit = size / 16
    # Ground, pillar, cap: within the central 80 % (the maskable safe zone).
    draw.rectangle((3 * unit, 12 * unit, 13 * unit, 12.8 * unit), fill=SHADOW)
    draw.rectangle((6 * unit, 5 * unit, 10 * unit, 12 * unit), fill=WHITE)
    draw.polygon(
        [(5.5 * unit, 5 * unit), (8 * unit, 2.6 * unit), (10.5 * unit, 5 * unit)], fill=RED
    )
    draw.rectangle((6 * unit, 7 * unit, 10 * unit, 7.6 * unit), fill=RED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
