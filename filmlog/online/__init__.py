"""What goes online: the one HTTP client (redirects, tokens, deadlines) and TMDb's API."""
