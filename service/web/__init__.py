"""The web layer: the app factory, one blueprint per concern, templates and static files.

``app.create_app`` layers the configuration and registers the blueprints; each
blueprint parses its request, asks a model or the store, and renders the answer.
"""
