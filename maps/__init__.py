"""The planners' maps (folium), drawn from the layer declarations in ``layers``."""
