"""The guards' field app, served at ``/field``: an installable web app that works offline.

Plain JavaScript modules and our own CSS in ``static/`` (no build step), Leaflet from the
installed wheel (``maps.assets``), every word from ``words.py``, icons drawn by ``icons.py``.
"""
