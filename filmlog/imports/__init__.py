"""Imports: every source of history, and the engine they all write through.

The registry (registry.py) names the sources, one module each in sources/;
run.py runs one as one transaction; engine/ is the session and what writes,
reading/ the readers of files and values the sources share.
"""
