"""Rendering: SVG charts and diagrams, HTML result tables, CSVW and RDF twins from models.

Pure functions from models or results to markup, text or bytes.
"""
