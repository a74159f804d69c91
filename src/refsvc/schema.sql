-- refsvc library. One file, rebuilt whole by `refsvc build` and swapped in atomically.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE papers (
    paper_id TEXT PRIMARY KEY,
    ordinal  INTEGER NOT NULL,
    title    TEXT NOT NULL,
    authors  TEXT NOT NULL,           -- JSON array of names as the manifest gives them
    year     INTEGER NOT NULL,
    style    TEXT NOT NULL CHECK (style IN ('author-date', 'notes')),
    source   TEXT NOT NULL,           -- refs/papers/<file>.txt
    work_id  TEXT REFERENCES works (work_id)
);
CREATE TABLE works (
    work_id   TEXT PRIMARY KEY,
    ordinal   INTEGER NOT NULL,
    csl       TEXT NOT NULL,          -- the merged CSL-JSON item, id included
    type      TEXT NOT NULL,
    title     TEXT NOT NULL,
    authors   TEXT NOT NULL,          -- for display and search
    container TEXT NOT NULL,
    year      INTEGER
);
CREATE TABLE records (
    record_key  TEXT PRIMARY KEY,     -- the .bib entry key
    work_id     TEXT NOT NULL REFERENCES works (work_id),
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,        -- BibTeX entry type
    fields      TEXT NOT NULL,        -- JSON object of BibTeX fields as read
    csl         TEXT NOT NULL,        -- JSON: the record normalised
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL
);
CREATE INDEX records_work ON records (work_id);
CREATE TABLE occurrences (
    record_key TEXT NOT NULL REFERENCES records (record_key),
    ordinal    INTEGER NOT NULL,
    paper_id   TEXT NOT NULL REFERENCES papers (paper_id),
    locator    TEXT NOT NULL,         -- note-N or ref-K
    raw        TEXT NOT NULL,
    PRIMARY KEY (record_key, ordinal)
);
CREATE INDEX occurrences_paper ON occurrences (paper_id, locator);
CREATE TABLE merges (
    work_id   TEXT NOT NULL REFERENCES works (work_id),
    ordinal   INTEGER NOT NULL,
    left_key  TEXT NOT NULL REFERENCES records (record_key),
    right_key TEXT NOT NULL REFERENCES records (record_key),
    score     REAL NOT NULL,
    fields    TEXT NOT NULL,          -- JSON: [{field, score, note}]
    PRIMARY KEY (work_id, ordinal)
);
CREATE TABLE conflicts (
    work_id TEXT NOT NULL REFERENCES works (work_id),
    ordinal INTEGER NOT NULL,
    field   TEXT NOT NULL,
    detail  TEXT NOT NULL,            -- JSON: {field, values: [{value, references}], chosen, rule}
    PRIMARY KEY (work_id, ordinal)
);
CREATE VIRTUAL TABLE works_fts USING fts5(
    work_id UNINDEXED, title, authors, container, year,
    tokenize = 'unicode61 remove_diacritics 2'
);
