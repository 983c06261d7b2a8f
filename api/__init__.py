"""The outermost layer: the FastAPI application, its routes and the ``cotmoc`` command line."""
