"""The sources, one module each (media servers share `played`): each reads its input and
says what it found through the session's verbs."""
