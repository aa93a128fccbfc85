-- The index's SQLite database (index/store.py); SCHEMA_VERSION there changes with it.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,      -- absolute path when indexed: the document's identity
    root TEXT NOT NULL,             -- the folder it was found under
    source TEXT NOT NULL,           -- path relative to that folder, shown in citations
    format TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,                      -- YYYY-MM-DD publication date
    date_source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    pages INTEGER,
    text TEXT NOT NULL,
    organisation TEXT,              -- the council or trust the document is about
    indexed_at TEXT NOT NULL,
    extractor TEXT NOT NULL DEFAULT ''  -- version of the code that read its events, facts, date (build.py)
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE blocks (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    para TEXT,
    section TEXT,
    page INTEGER
);
CREATE INDEX blocks_doc ON blocks(doc_id, start);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,         -- also the FAISS id
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    embed_text TEXT NOT NULL,
    location TEXT NOT NULL,
    section TEXT,
    page INTEGER
);
CREATE TABLE sentences (            -- what an answer may quote (index/sentences.py)
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,         -- offsets into the document text
    end INTEGER NOT NULL,
    vector BLOB NOT NULL            -- the sentence's unit vector, float16
);
CREATE INDEX sentences_passage ON sentences(passage_id);
CREATE INDEX passages_doc ON passages(doc_id);
CREATE TABLE events (               -- dated inspection events the document states
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,             -- inspection, monitoring_visit, focused_visit, ...
    status TEXT NOT NULL,           -- completed or expected, as of the document's date
    earliest TEXT NOT NULL,
    latest TEXT NOT NULL,
    wording TEXT NOT NULL,
    number INTEGER,
    organisation TEXT,
    grades TEXT NOT NULL,           -- JSON object: judgement -> grade
    framework TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    focus TEXT                      -- what a visit looked at: "care leavers" (NULL: not stated)
);
CREATE INDEX events_doc ON events(doc_id);
CREATE TABLE facts (                -- what a report states about its own inspection (index/facts.py)
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    field TEXT NOT NULL,            -- inspection_dates, framework, judgement:<key>, lead_inspector, ...
    value TEXT NOT NULL,
    start INTEGER NOT NULL,         -- quote == document text[start:end]
    end INTEGER NOT NULL,
    quote TEXT NOT NULL
);
CREATE INDEX facts_doc ON facts(doc_id);
