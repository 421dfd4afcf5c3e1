"""Renderers: turn result objects into terminal tables, Markdown or JSON."""
