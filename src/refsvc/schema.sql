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
    style    TEXT NOT NULL CHECK (style IN ('author-date', 'notes', 'numeric')),
    source   TEXT NOT NULL,           -- refs/papers/<file>.txt
    work_id  TEXT REFERENCES works (work_id),
    text     TEXT NOT NULL            -- the paper as read; citation and claim offsets point into it
);
CREATE TABLE bibliographies (       -- each paper's bibliography, formatted at build (model.Bibliography)
    paper_id TEXT PRIMARY KEY REFERENCES papers (paper_id),
    style    TEXT NOT NULL,
    entries  TEXT NOT NULL,           -- JSON: [[work id, entry as HTML], ...] in the style's order
    tooltips TEXT NOT NULL            -- JSON: {work id: entry alone, as text}
);
CREATE TABLE works (               -- rowid = ordinal + 1 = the rowid of the work's row in works_fts
    work_id    TEXT PRIMARY KEY,
    ordinal    INTEGER NOT NULL,
    type       TEXT NOT NULL,
    year       INTEGER,
    author_key TEXT NOT NULL,         -- sort keys: case-folded; a work with no author sorts last
    title_key  TEXT NOT NULL,
    title      TEXT NOT NULL,
    authors    TEXT NOT NULL,         -- for display and search
    container  TEXT NOT NULL,
    csl        TEXT NOT NULL          -- the merged CSL-JSON item, id included; last, so that reading the
                                      -- columns before it never walks its overflow pages
);
-- Search filters and sorts run inside SQLite on these, so a page costs what it shows, not the library's size.
CREATE INDEX works_type ON works (type, year);
CREATE INDEX works_year ON works (year, title_key);
CREATE INDEX works_author ON works (author_key, year, title_key);
CREATE INDEX works_title ON works (title_key);
CREATE TABLE formatted (            -- what each work's page shows made by the formatters, at build (pipeline.work_formatting)
    work_id TEXT PRIMARY KEY REFERENCES works (work_id),
    key     TEXT NOT NULL,            -- the item and the formatter, hashed: a rebuild keeps the row while it holds
    entries TEXT NOT NULL             -- JSON: model.WorkFormatting
);
CREATE TABLE decisions (            -- the user's decisions about a work's records (refs/decisions.json)
    work_id   TEXT NOT NULL REFERENCES works (work_id),
    ordinal   INTEGER NOT NULL,
    decision  TEXT NOT NULL           -- JSON: action, left, right, who, when, command
);
CREATE INDEX decisions_work ON decisions (work_id);
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
CREATE TABLE possible (             -- a record of this work near a record of another: for a person to decide
    work_id       TEXT NOT NULL REFERENCES works (work_id),
    ordinal       INTEGER NOT NULL,
    left_key      TEXT NOT NULL REFERENCES records (record_key),
    right_key     TEXT NOT NULL REFERENCES records (record_key),
    other_work_id TEXT NOT NULL REFERENCES works (work_id),
    score         REAL NOT NULL,
    PRIMARY KEY (work_id, ordinal)
);
CREATE TABLE conflicts (
    work_id TEXT NOT NULL REFERENCES works (work_id),
    ordinal INTEGER NOT NULL,
    field   TEXT NOT NULL,
    detail  TEXT NOT NULL,            -- JSON: {field, values: [{value, references}], chosen, rule}
    PRIMARY KEY (work_id, ordinal)
);
CREATE VIRTUAL TABLE works_fts USING fts5(  -- rowid = works.rowid
    title, authors, container, year, abstract, note,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE claims (
    claim_id  INTEGER PRIMARY KEY,
    paper_id  TEXT NOT NULL REFERENCES papers (paper_id),
    paragraph INTEGER NOT NULL,
    sentence  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,       -- character offsets in the paper file
    end       INTEGER NOT NULL,
    section   TEXT NOT NULL,
    UNIQUE (paper_id, paragraph, sentence)
);
CREATE TABLE citations (
    citation_id  INTEGER PRIMARY KEY,
    paper_id     TEXT NOT NULL REFERENCES papers (paper_id),
    claim_id     INTEGER NOT NULL REFERENCES claims (claim_id),
    marker       TEXT NOT NULL,       -- as printed
    marker_start INTEGER NOT NULL,
    marker_end   INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('note', 'ibid', 'short-note', 'author-date', 'numeric', 'personal-communication')),
    status       TEXT NOT NULL CHECK (status IN ('resolved', 'unresolved', 'ambiguous', 'personal-communication')),
    detail       TEXT NOT NULL
);
CREATE INDEX citations_claim ON citations (claim_id);  -- claims found by a search -> their citations
CREATE TABLE citation_works (
    citation_id INTEGER NOT NULL REFERENCES citations (citation_id),
    ordinal     INTEGER NOT NULL,
    work_id     TEXT NOT NULL REFERENCES works (work_id),
    PRIMARY KEY (citation_id, ordinal)
);
CREATE INDEX citation_works_work ON citation_works (work_id);
CREATE TABLE work_papers (          -- the papers a work is printed or cited in: the search's paper filter
    paper_id TEXT NOT NULL REFERENCES papers (paper_id),
    work_id  TEXT NOT NULL REFERENCES works (work_id),
    PRIMARY KEY (paper_id, work_id)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE claims_fts USING fts5(  -- rowid = claims.claim_id
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
