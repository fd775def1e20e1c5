"""The import's engine: the session a source speaks to, the writer that owns its rows,
undo, sync state and what an import settles once its rows are in."""
