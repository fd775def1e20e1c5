CREATE TRIGGER edited_entries AFTER UPDATE ON entries BEGIN
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT id, 'entries', old.id FROM imports
                WHERE id = old.import_id AND finished_at IS NOT NULL;
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT DISTINCT c.import_id, 'entries', old.id FROM import_changes c
                JOIN imports i ON i.id = c.import_id
                WHERE c.table_name = 'entries' AND c.row_id = old.id
                AND i.finished_at IS NOT NULL;
            END;
CREATE TRIGGER edited_films AFTER UPDATE ON films BEGIN
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT id, 'films', old.id FROM imports
                WHERE id = old.import_id AND finished_at IS NOT NULL;
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT DISTINCT c.import_id, 'films', old.id FROM import_changes c
                JOIN imports i ON i.id = c.import_id
                WHERE c.table_name = 'films' AND c.row_id = old.id
                AND i.finished_at IS NOT NULL;
            END;
CREATE TRIGGER edited_list_items AFTER UPDATE ON list_items BEGIN
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT id, 'list_items', old.rowid FROM imports
                WHERE id = old.import_id AND finished_at IS NOT NULL;
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT DISTINCT c.import_id, 'list_items', old.rowid FROM import_changes c
                JOIN imports i ON i.id = c.import_id
                WHERE c.table_name = 'list_items' AND c.row_id = old.rowid
                AND i.finished_at IS NOT NULL;
            END;
CREATE TRIGGER edited_lists AFTER UPDATE ON lists BEGIN
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT id, 'lists', old.id FROM imports
                WHERE id = old.import_id AND finished_at IS NOT NULL;
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT DISTINCT c.import_id, 'lists', old.id FROM import_changes c
                JOIN imports i ON i.id = c.import_id
                WHERE c.table_name = 'lists' AND c.row_id = old.id
                AND i.finished_at IS NOT NULL;
            END;
CREATE TRIGGER search_companion_added AFTER INSERT ON entry_companions BEGIN DELETE FROM search WHERE rowid = new.entry_id * 2 + 1; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
 WHERE e.id = new.entry_id AND (e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id) OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id)); END;
CREATE TRIGGER search_companion_removed AFTER DELETE ON entry_companions BEGIN DELETE FROM search WHERE rowid = old.entry_id * 2 + 1; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
 WHERE e.id = old.entry_id AND (e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id) OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id)); END;
CREATE TRIGGER search_director_added AFTER INSERT ON film_directors BEGIN DELETE FROM search WHERE rowid = new.film_id * 2; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT f.id * 2, f.title, coalesce(f.original_title, ''),
        coalesce((SELECT group_concat(p.name, ' ') FROM film_directors fd
            JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), ''), '', ''
    FROM films f
 WHERE f.id = new.film_id; END;
CREATE TRIGGER search_director_removed AFTER DELETE ON film_directors BEGIN DELETE FROM search WHERE rowid = old.film_id * 2; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT f.id * 2, f.title, coalesce(f.original_title, ''),
        coalesce((SELECT group_concat(p.name, ' ') FROM film_directors fd
            JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), ''), '', ''
    FROM films f
 WHERE f.id = old.film_id; END;
CREATE TRIGGER search_entry_added AFTER INSERT ON entries BEGIN DELETE FROM search WHERE rowid = new.id * 2 + 1; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
 WHERE e.id = new.id AND (e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id) OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id)); END;
CREATE TRIGGER search_entry_changed AFTER UPDATE OF review, place, platform ON entries BEGIN DELETE FROM search WHERE rowid = new.id * 2 + 1; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
 WHERE e.id = new.id AND (e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id) OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id)); END;
CREATE TRIGGER search_entry_removed AFTER DELETE ON entries BEGIN DELETE FROM search WHERE rowid = old.id * 2 + 1; END;
CREATE TRIGGER search_film_added AFTER INSERT ON films BEGIN DELETE FROM search WHERE rowid = new.id * 2; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT f.id * 2, f.title, coalesce(f.original_title, ''),
        coalesce((SELECT group_concat(p.name, ' ') FROM film_directors fd
            JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), ''), '', ''
    FROM films f
 WHERE f.id = new.id; END;
CREATE TRIGGER search_film_removed AFTER DELETE ON films BEGIN DELETE FROM search WHERE rowid = old.id * 2; END;
CREATE TRIGGER search_film_renamed AFTER UPDATE OF title, original_title ON films BEGIN DELETE FROM search WHERE rowid = new.id * 2; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT f.id * 2, f.title, coalesce(f.original_title, ''),
        coalesce((SELECT group_concat(p.name, ' ') FROM film_directors fd
            JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), ''), '', ''
    FROM films f
 WHERE f.id = new.id; END;
CREATE TRIGGER search_tag_added AFTER INSERT ON entry_tags BEGIN DELETE FROM search WHERE rowid = new.entry_id * 2 + 1; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
 WHERE e.id = new.entry_id AND (e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id) OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id)); END;
CREATE TRIGGER search_tag_removed AFTER DELETE ON entry_tags BEGIN DELETE FROM search WHERE rowid = old.entry_id * 2 + 1; INSERT INTO search (rowid, title, original_title, directors, tags, review) 
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
 WHERE e.id = old.entry_id AND (e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id) OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id)); END;
CREATE TABLE companions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        );
CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            watched TEXT,  -- ISO date, NULL when not known
            rating INTEGER CHECK (rating BETWEEN 1 AND 10),
            rewatch INTEGER NOT NULL DEFAULT 0,
            liked INTEGER NOT NULL DEFAULT 0,
            review TEXT,
            spoilers INTEGER NOT NULL DEFAULT 0,
            letterboxd_uri TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        , import_id INTEGER REFERENCES imports (id), uid TEXT, place TEXT, place_key TEXT, place_tag TEXT, platform TEXT, platform_key TEXT, platform_tag TEXT);
CREATE TABLE entry_companions (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            companion_id INTEGER NOT NULL REFERENCES companions (id),
            position INTEGER NOT NULL DEFAULT 0,
            tag TEXT,  -- the tag it was made from (`w/kyle`), written back by exports
            PRIMARY KEY (entry_id, companion_id)
        );
CREATE TABLE entry_tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id),
            PRIMARY KEY (entry_id, tag_id)
        );
CREATE TABLE film_countries (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            country TEXT NOT NULL,
            PRIMARY KEY (film_id, country)
        );
CREATE TABLE film_directors (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people (id),
            position INTEGER NOT NULL DEFAULT 0, import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (film_id, person_id)
        );
CREATE TABLE film_genres (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            genre_id INTEGER NOT NULL REFERENCES genres (id), import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (film_id, genre_id)
        );
CREATE TABLE film_ids (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,  -- trakt, ...: kinds without a column in films
            value TEXT NOT NULL,
            import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (kind, value)
        );
CREATE TABLE film_titles (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            year INTEGER,
            import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (title_key, year, film_id)
        );
CREATE TABLE films (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            year INTEGER,
            original_title TEXT,
            original_title_key TEXT,
            runtime INTEGER,
            imdb_id TEXT UNIQUE,
            tmdb_id INTEGER UNIQUE,
            letterboxd_uri TEXT UNIQUE,
            -- the current rating in half-stars: the latest one given
            rating INTEGER CHECK (rating BETWEEN 1 AND 10),
            -- seen: logged or marked watched; unseen films are watchlist-only
            seen INTEGER NOT NULL DEFAULT 0,
            liked INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        , import_id INTEGER REFERENCES imports (id), rated_at TEXT);
CREATE TABLE genres (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        );
CREATE TABLE import_changes (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            column_name TEXT NOT NULL,
            previous
        );
CREATE TABLE import_edits (
            import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            PRIMARY KEY (import_id, table_name, row_id)
        ) WITHOUT ROWID
        ;
CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}',  -- JSON: {"entries": {"added": 3}, ...}
            undone_at TEXT
        , finished_at TEXT);
CREATE TABLE list_items (
            list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            note TEXT,
            import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (list_id, film_id)
        );
CREATE TABLE lists (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            description TEXT,
            tags TEXT,
            letterboxd_uri TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            import_id INTEGER REFERENCES imports (id)
        );
CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        );
CREATE VIRTUAL TABLE search USING fts5 (
            title, original_title, directors, tags, review,
            tokenize = "unicode61 remove_diacritics 2",
            prefix = '2 3'
        );
CREATE TABLE 'search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'search_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3, c4);
CREATE TABLE 'search_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE sync_dirty (
            kind TEXT NOT NULL,  -- film, entry, list, item
            local TEXT NOT NULL,  -- its id here (an item: list id:film id)
            field TEXT NOT NULL,  -- the value changed; * made, - removed
            PRIMARY KEY (kind, local, field)
        ) WITHOUT ROWID
        ;
CREATE TABLE sync_items (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,  -- letterboxd-rss, trakt, jellyfin:SERVER, ...
            item TEXT NOT NULL,  -- the source's own name of the item
            -- NULL once the person removed the entry (or its film): not brought back by
            -- the same item, unless the source changes it
            entry_id INTEGER REFERENCES entries (id) ON DELETE SET NULL,
            film_id INTEGER REFERENCES films (id) ON DELETE SET NULL,
            said TEXT,  -- JSON: what the source said of it, the last time it was read
            import_id INTEGER REFERENCES imports (id),
            UNIQUE (source, item)
        );
CREATE TABLE sync_machine (
            id TEXT PRIMARY KEY,  -- this journal's machine id, the name of its files
            home TEXT,  -- host, device and inode of the file when it first synced
            folder TEXT,  -- the folder it last synced through
            clock TEXT,  -- the latest stamp made or seen here (a hybrid logical clock)
            seq INTEGER NOT NULL DEFAULT 0,  -- the last of its change files written
            snapshot INTEGER NOT NULL DEFAULT 0  -- the change file its last snapshot covers
        );
CREATE TABLE sync_seen (
            machine TEXT PRIMARY KEY,  -- another machine of the folder
            name TEXT,  -- its host name, as it says
            seq INTEGER NOT NULL DEFAULT 0  -- its last change file applied here
        );
CREATE TABLE sync_stamps (
            kind TEXT NOT NULL,
            local TEXT NOT NULL,
            stamps TEXT NOT NULL,  -- JSON: field -> the stamp of its value; * the rest
            PRIMARY KEY (kind, local)
        ) WITHOUT ROWID
        ;
CREATE TABLE sync_uids (
            kind TEXT NOT NULL,
            uid TEXT NOT NULL,  -- the same on every machine
            local TEXT,  -- its row here; NULL when removed or not yet here
            origin TEXT NOT NULL,  -- the machine that made it
            gone TEXT,  -- the stamp of its removal: it stays removed
            pending TEXT,  -- JSON: what came for it before it could be made here
            joined INTEGER NOT NULL DEFAULT 0,  -- its machine had it before joining the folder
            sign TEXT,  -- a viewing's day, rating, review and address when it joined
            PRIMARY KEY (kind, uid)
        ) WITHOUT ROWID
        ;
CREATE TABLE tag_conversions (
            pattern TEXT PRIMARY KEY,
            target TEXT NOT NULL CHECK (target IN ('with', 'at', 'on')),
            created_at TEXT NOT NULL
        );
CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        );
CREATE TABLE tmdb_cache (
            request TEXT PRIMARY KEY,  -- path and query, e.g. movie/843?append_to_response=credits
            body TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
CREATE TABLE watchlist (
            film_id INTEGER PRIMARY KEY REFERENCES films (id) ON DELETE CASCADE,
            added_at TEXT NOT NULL,
            import_id INTEGER REFERENCES imports (id)
        );
CREATE INDEX entries_day ON entries (substr(watched, 6));
CREATE INDEX entries_film ON entries (film_id, watched);
CREATE INDEX entries_import ON entries (import_id);
CREATE INDEX entries_place ON entries (place_key) WHERE place_key IS NOT NULL;
CREATE INDEX entries_platform ON entries (platform_key) WHERE platform_key IS NOT NULL;
CREATE INDEX entries_uid ON entries (uid);
CREATE INDEX entries_watched ON entries (watched);
CREATE INDEX entry_companions_companion ON entry_companions (companion_id);
CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id);
CREATE INDEX film_directors_import ON film_directors (import_id);
CREATE INDEX film_directors_person ON film_directors (person_id, film_id);
CREATE INDEX film_genres_genre ON film_genres (genre_id, film_id);
CREATE INDEX film_genres_import ON film_genres (import_id);
CREATE INDEX film_ids_film ON film_ids (film_id);
CREATE INDEX film_titles_film ON film_titles (film_id);
CREATE INDEX films_import ON films (import_id);
CREATE INDEX films_liked ON films (title_key) WHERE liked = 1;
CREATE INDEX films_original_title_key ON films (original_title_key);
CREATE INDEX films_rating ON films (rating);
CREATE INDEX films_title_key ON films (title_key, year);
CREATE INDEX films_year ON films (year);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX import_changes_import ON import_changes (import_id);
CREATE INDEX import_changes_row ON import_changes (table_name, row_id);
CREATE INDEX list_items_film ON list_items (film_id);
CREATE INDEX list_items_import ON list_items (import_id);
CREATE INDEX list_items_position ON list_items (list_id, position);
CREATE INDEX sync_items_entry ON sync_items (entry_id);
CREATE INDEX sync_items_import ON sync_items (import_id);
CREATE INDEX sync_uids_local ON sync_uids (kind, local);
CREATE INDEX watchlist_import ON watchlist (import_id);
