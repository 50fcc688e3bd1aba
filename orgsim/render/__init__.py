"""Rendering: Graphviz diagrams (diagram.py owns every attribute; views.py says what to show)."""
