"""The legal basis the joint report cites on its cover: each instrument with the source line
that names it (``/work/shared/seeds``; words in ``layers.labels``, ``report.*``)."""

from __future__ import annotations

from gis.seed.sources import DOC_BORDER_HISTORY, DOC_COOPERATION_2022, ref

DOC_SON_LA = "003_0b21b8efa639d739.txt"  # Sơn La – Houaphanh / Luang Prabang relations (vi)

# (word key, citations): the 1977 delimitation treaty is named at 000:246 (000:27 is the
# treaty of friendship of the same day); the 1990 agreement at 003:12; the two 2016
# instruments at 001:16 (their titles) and 000:37 (the date, 16-3-2016).
LEGAL_BASIS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("treaty_1977", (ref(DOC_BORDER_HISTORY, 246),)),
    ("agreement_1990", (ref(DOC_SON_LA, 12),)),
    ("protocol_2016", (ref(DOC_COOPERATION_2022, 16), ref(DOC_BORDER_HISTORY, 37))),
    ("agreement_2016", (ref(DOC_COOPERATION_2022, 16), ref(DOC_BORDER_HISTORY, 37))),
)
