"""The planners' desk (issue 11): browser sign-in, the work queue and the record pages,
server-rendered with Jinja2; the pages work without JavaScript."""
