"""The build pipeline: sources → parsed, checked, reasoned, described, dumped and published build.

``pipeline.build`` runs the steps in order; each step is a plain function in a module
of its own. Nothing here imports Flask: the build runs without a web server, and the
server reads only what the build published.
"""
