"""Reporting: the one jinja2 environment and the writers of every output format."""
