"""The journal: where its file is, opening and migrating it, the store that reads and writes
films and viewings, and the features on it (lists, the watchlist, search, stats, edits,
duplicates, what to watch next). The user's settings live here too."""
