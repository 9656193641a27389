internal import GRDB

/// The schema, as append-only migrations: once a migration is on main it never changes,
/// because released databases must upgrade through it.
enum Schema {
    /// `PRAGMA application_id` of every Casebench database ("CsBn"), so a stranger's SQLite
    /// file is refused by name rather than misread.
    static let applicationID: Int32 = 0x4373_426E

    /// The migration that chained the audit trail and began its head file.
    static let auditChain = "v5-audit-chain"

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1", migrate: v1)
        m.registerMigration("v2-case-search", migrate: v2CaseSearch)
        m.registerMigration("v3-parts", migrate: v3Parts)
        m.registerMigration("v4-postings", migrate: v4Postings)
        m.registerMigration(auditChain, migrate: v5AuditChain)
        m.registerMigration("v6-release-override", migrate: v6ReleaseOverride)
        m.registerMigration("v7-posting-indexes", migrate: v7PostingIndexes)
        m.registerMigration("v8-case-erp-key", migrate: v8CaseERPKey)
        m.registerMigration("v9-batch-written", migrate: v9BatchWritten)
        m.registerMigration("v10-queue-indexes", migrate: v10QueueIndexes)
        m.registerMigration("v11-case-state-codes", migrate: v11CaseStateCodes)
        m.registerMigration("v12-posting-key-parts", migrate: v12PostingKeyParts)
        m.registerMigration("v13-case-search-external", migrate: v13CaseSearchExternal)
        m.registerMigration("v14-entitlement-facts", migrate: v14EntitlementFacts)
        m.registerMigration("v15-posting-kind-codes", migrate: v15PostingKindCodes)
        m.registerMigration("v16-open-case-search", migrate: v16OpenCaseSearch)
        m.registerMigration("v17-visit-technician", migrate: v17VisitTechnician)
        m.registerMigration("v18-resolution-codes", migrate: v18ResolutionCodes)
        m.registerMigration(searchWithoutPositions, migrate: v19SearchWithoutPositions)
        return m
    }

    static let searchWithoutPositions = "v19-search-without-positions"

    /// Migrations after PostgreSQL's baseline (`PostgresBaseline.migration`) that change only
    /// what a SQLite database alone has, its search indexes: PostgreSQL's schema has nothing to
    /// match them (its search is its own), so a desk there never records them and is not
    /// behind without them. (v13 and v16 were of that kind too, but came before the baseline,
    /// which records them.)
    static let sqliteOnly: Set<String> = [searchWithoutPositions]

    private static func v1(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(
            sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;

                CREATE TABLE app_user (
                    account TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('agent','technician','supervisor','admin','trainer')),
                    labour_rate INTEGER CHECK (labour_rate >= 0),
                    disabled INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;

                CREATE TABLE customer (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    region TEXT NOT NULL,
                    contact TEXT NOT NULL DEFAULT '',
                    needs_review INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;

                CREATE TABLE warranty_template (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    parts_pct INTEGER NOT NULL CHECK (parts_pct BETWEEN 0 AND 100),
                    labour_pct INTEGER NOT NULL CHECK (labour_pct BETWEEN 0 AND 100),
                    travel_pct INTEGER NOT NULL CHECK (travel_pct BETWEEN 0 AND 100),
                    expenses_pct INTEGER NOT NULL CHECK (expenses_pct BETWEEN 0 AND 100),
                    per_incident_cap INTEGER CHECK (per_incident_cap >= 0),
                    lifetime_cap INTEGER CHECK (lifetime_cap >= 0),
                    months INTEGER CHECK (months > 0),
                    effective TEXT,
                    expiry TEXT
                ) WITHOUT ROWID;

                CREATE TABLE item (
                    sku TEXT PRIMARY KEY NOT NULL,
                    description TEXT NOT NULL,
                    category TEXT NOT NULL,
                    serialized INTEGER NOT NULL DEFAULT 0,
                    costing TEXT NOT NULL CHECK (costing IN ('standard','moving-average')),
                    standard_cost INTEGER NOT NULL DEFAULT 0 CHECK (standard_cost >= 0),
                    list_price INTEGER NOT NULL CHECK (list_price >= 0),
                    core_charge INTEGER NOT NULL DEFAULT 0 CHECK (core_charge >= 0),
                    generic_warranty TEXT REFERENCES warranty_template(id)
                ) WITHOUT ROWID;

                CREATE TABLE asset (
                    serial TEXT PRIMARY KEY NOT NULL,
                    sku TEXT NOT NULL REFERENCES item(sku),
                    customer_id TEXT NOT NULL REFERENCES customer(id),
                    installed_on TEXT NOT NULL,
                    region TEXT NOT NULL,
                    force_generic INTEGER NOT NULL DEFAULT 0,
                    warranty_template TEXT REFERENCES warranty_template(id),
                    warranty_start TEXT,
                    warranty_end TEXT,
                    needs_review INTEGER NOT NULL DEFAULT 0,
                    CHECK ((warranty_template IS NULL) = (warranty_start IS NULL) AND (warranty_start IS NULL) = (warranty_end IS NULL))
                ) WITHOUT ROWID;
                CREATE INDEX asset_customer ON asset(customer_id);

                -- Spent against a lifetime cap, per asset and warranty (never on the shared template).
                CREATE TABLE warranty_spend (
                    serial TEXT NOT NULL REFERENCES asset(serial),
                    kind TEXT NOT NULL CHECK (kind IN ('asset','generic')),
                    template TEXT NOT NULL REFERENCES warranty_template(id),
                    spent INTEGER NOT NULL DEFAULT 0 CHECK (spent >= 0),
                    PRIMARY KEY (serial, kind, template)
                ) WITHOUT ROWID;

                CREATE TABLE contract (
                    number TEXT PRIMARY KEY NOT NULL,
                    customer_id TEXT NOT NULL REFERENCES customer(id),
                    tier TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('in-preparation','released','expired','blocked','cancelled')),
                    start_on TEXT NOT NULL,
                    end_on TEXT NOT NULL,
                    fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
                    parts_pct INTEGER NOT NULL CHECK (parts_pct BETWEEN 0 AND 100),
                    labour_pct INTEGER NOT NULL CHECK (labour_pct BETWEEN 0 AND 100),
                    travel_pct INTEGER NOT NULL CHECK (travel_pct BETWEEN 0 AND 100),
                    expenses_pct INTEGER NOT NULL CHECK (expenses_pct BETWEEN 0 AND 100),
                    deductible INTEGER NOT NULL DEFAULT 0 CHECK (deductible >= 0),
                    balance_kind TEXT CHECK (balance_kind IN ('minutes','money')),
                    balance INTEGER CHECK (balance >= 0),
                    CHECK ((balance_kind IS NULL) = (balance IS NULL))
                ) WITHOUT ROWID;
                CREATE INDEX contract_customer ON contract(customer_id);
                CREATE TABLE contract_region (
                    contract TEXT NOT NULL REFERENCES contract(number),
                    region TEXT NOT NULL,
                    PRIMARY KEY (contract, region)
                ) WITHOUT ROWID;
                CREATE TABLE contract_serial (
                    contract TEXT NOT NULL REFERENCES contract(number),
                    serial TEXT NOT NULL,
                    PRIMARY KEY (contract, serial)
                ) WITHOUT ROWID;
                CREATE TABLE contract_exclusion (
                    contract TEXT NOT NULL REFERENCES contract(number),
                    category TEXT NOT NULL,
                    PRIMARY KEY (contract, category)
                ) WITHOUT ROWID;

                -- tier '' is the region's default rule.
                CREATE TABLE entitlement_rule (
                    region TEXT NOT NULL,
                    tier TEXT NOT NULL DEFAULT '',
                    response_hours INTEGER CHECK (response_hours > 0),
                    travel_covered INTEGER,
                    extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months >= 0),
                    PRIMARY KEY (region, tier)
                ) WITHOUT ROWID;

                CREATE TABLE bin (
                    id TEXT PRIMARY KEY NOT NULL,
                    warehouse TEXT NOT NULL,
                    region TEXT NOT NULL,
                    kind TEXT NOT NULL DEFAULT 'shelf' CHECK (kind IN ('shelf','van','cores','refurb')),
                    technician TEXT REFERENCES app_user(account)
                ) WITHOUT ROWID;

                CREATE TABLE service_case (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id TEXT NOT NULL REFERENCES customer(id),
                    serial TEXT NOT NULL REFERENCES asset(serial),
                    subject TEXT NOT NULL,
                    reported_on TEXT NOT NULL,
                    opened_at INTEGER NOT NULL,
                    priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
                    assignee TEXT NOT NULL REFERENCES app_user(account),
                    contact TEXT NOT NULL DEFAULT '',
                    sla_due INTEGER,
                    status TEXT NOT NULL CHECK (status IN ('new','verified','scheduled','in-progress','resolved','closed','cancelled')),
                    resolution_code TEXT,
                    technician_notes TEXT NOT NULL DEFAULT '',
                    no_parts INTEGER NOT NULL DEFAULT 0,
                    no_labour INTEGER NOT NULL DEFAULT 0,
                    cancel_reason TEXT,
                    closed_at INTEGER,
                    closed_by TEXT,
                    imported INTEGER NOT NULL DEFAULT 0,
                    -- A new value from meta.change_seq on every change to the case or its children;
                    -- undo restores it, so it identifies the state, and names who made it.
                    version INTEGER NOT NULL,
                    changed_by TEXT NOT NULL
                );
                CREATE INDEX case_status_due ON service_case(status, sla_due);
                CREATE INDEX case_assignee ON service_case(assignee, status);
                CREATE INDEX case_serial ON service_case(serial);
                CREATE INDEX case_customer ON service_case(customer_id);
                CREATE INDEX case_opened ON service_case(opened_at);

                CREATE TABLE visit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    technician TEXT NOT NULL REFERENCES app_user(account),
                    starts_at INTEGER NOT NULL,
                    ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
                    status TEXT NOT NULL CHECK (status IN ('planned','done','no-access'))
                );
                CREATE INDEX visit_case ON visit(case_id);

                CREATE TABLE case_line (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    number INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('part','labour','travel','expense')),
                    description TEXT NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount >= 0),
                    sku TEXT REFERENCES item(sku),
                    quantity INTEGER CHECK (quantity >= 0),  -- 0 once every unit went back to its bin
                    bin TEXT REFERENCES bin(id),
                    category TEXT,
                    minutes INTEGER CHECK (minutes > 0),
                    technician TEXT REFERENCES app_user(account),
                    classification TEXT CHECK (classification IN ('warranty','contract','billable','goodwill')),
                    reason_code TEXT,
                    UNIQUE (case_id, number)
                );

                -- Every verification is kept; the latest is the one on record.
                CREATE TABLE entitlement_check (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    outcome TEXT NOT NULL CHECK (outcome IN ('warranty','contract','chargeable')),
                    source_kind TEXT NOT NULL CHECK (source_kind IN ('asset-warranty','generic-warranty','contract','none')),
                    source_id TEXT,
                    terms TEXT NOT NULL,
                    limits TEXT NOT NULL,
                    response_hours INTEGER,
                    trail TEXT NOT NULL,
                    on_date TEXT NOT NULL,
                    verified_by TEXT NOT NULL,
                    verified_at INTEGER NOT NULL
                );
                CREATE INDEX entitlement_case ON entitlement_check(case_id, id);

                CREATE TABLE billing_outcome (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    kind TEXT NOT NULL CHECK (kind IN ('warranty-confirmation','contract-debit','invoice-trigger')),
                    active INTEGER NOT NULL DEFAULT 1,
                    contract TEXT REFERENCES contract(number),
                    total INTEGER NOT NULL,
                    debit_kind TEXT CHECK (debit_kind IN ('minutes','money')),
                    debit INTEGER,
                    claim TEXT NOT NULL DEFAULT 'none' CHECK (claim IN ('none','open','accepted','rejected')),
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX outcome_case ON billing_outcome(case_id, active);
                CREATE TABLE outcome_portion (
                    outcome_id INTEGER NOT NULL REFERENCES billing_outcome(id),
                    line_id INTEGER NOT NULL REFERENCES case_line(id),
                    kind TEXT NOT NULL CHECK (kind IN ('covered','goodwill','customer')),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    PRIMARY KEY (outcome_id, line_id, kind)
                ) WITHOUT ROWID;
                CREATE INDEX portion_line ON outcome_portion(line_id);

                CREATE TABLE override_request (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    kind TEXT NOT NULL CHECK (kind IN ('goodwill','cover-object','waive-deductible','extend-cap','reopen','release-reservation')),
                    line_id INTEGER REFERENCES case_line(id),
                    contract TEXT REFERENCES contract(number),
                    amount INTEGER CHECK (amount > 0),
                    reason_code TEXT NOT NULL,
                    note TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    requested_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
                    decided_by TEXT,
                    decided_at INTEGER,
                    decision_note TEXT
                );
                CREATE INDEX override_status ON override_request(status, case_id);
                CREATE INDEX override_case ON override_request(case_id);

                -- Derived from the rows above by the closure checklist after every command; never
                -- captured for undo (it is recomputed instead), so views such as "ready to close"
                -- never scan the cases.
                CREATE TABLE case_state (
                    case_id INTEGER PRIMARY KEY REFERENCES service_case(id) ON DELETE CASCADE,
                    entitlement TEXT,
                    entitlement_ok INTEGER NOT NULL DEFAULT 0,
                    failing INTEGER NOT NULL,
                    checks TEXT NOT NULL
                );
                CREATE INDEX case_state_failing ON case_state(failing);

                CREATE TABLE audit_entry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    acting_as TEXT,
                    kind TEXT NOT NULL CHECK (kind IN ('command','undo','redo','security')),
                    command TEXT NOT NULL,
                    case_id INTEGER,
                    message TEXT NOT NULL DEFAULT '',
                    changes TEXT NOT NULL DEFAULT '[]'
                );
                CREATE INDEX audit_case ON audit_entry(case_id);
                -- Which rows an entry touched ("contract:SC-9"), to name who last changed a row.
                CREATE TABLE audit_subject (
                    subject TEXT NOT NULL,
                    entry_id INTEGER NOT NULL REFERENCES audit_entry(id),
                    PRIMARY KEY (subject, entry_id)
                ) WITHOUT ROWID;

                -- Undo history per user: 'done' entries form the undo stack, 'undone' the redo stack.
                CREATE TABLE undo_entry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT NOT NULL,
                    label TEXT NOT NULL,
                    case_id INTEGER,
                    changes TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('done','undone')),
                    final INTEGER NOT NULL DEFAULT 0,
                    at INTEGER NOT NULL
                );
                CREATE INDEX undo_account ON undo_entry(account, state, id);
                """)
    }

    /// Full-text search over each case's subject, customer name and serial, kept by triggers,
    /// so the queue's filter narrows as one types without scanning the cases. Diacritics are
    /// folded ("muller" finds Müller).
    private static func v2CaseSearch(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE case_search USING fts5(subject, customer, serial, tokenize = 'unicode61 remove_diacritics 2');
                INSERT INTO case_search (rowid, subject, customer, serial)
                  SELECT c.id, c.subject, cu.name, c.serial FROM service_case c JOIN customer cu ON cu.id = c.customer_id;

                CREATE TRIGGER case_search_insert AFTER INSERT ON service_case BEGIN
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
                END;
                CREATE TRIGGER case_search_update AFTER UPDATE OF subject, customer_id, serial ON service_case BEGIN
                  DELETE FROM case_search WHERE rowid = old.id;
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
                END;
                CREATE TRIGGER case_search_delete AFTER DELETE ON service_case BEGIN
                  DELETE FROM case_search WHERE rowid = old.id;
                END;
                CREATE TRIGGER case_search_customer AFTER UPDATE OF name ON customer BEGIN
                  DELETE FROM case_search WHERE rowid IN (SELECT id FROM service_case WHERE customer_id = new.id);
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT id, subject, new.name, serial FROM service_case WHERE customer_id = new.id;
                END;
                """)
    }

    /// Stock in bins, its valuation, reservations, and the append-only ledger every change
    /// of stock is a row of. None of these is captured for undo: stock is shared between
    /// cases, so undoing a parts command appends compensating movements instead.
    private static func v3Parts(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE case_line ADD COLUMN created_at INTEGER;
                ALTER TABLE undo_entry ADD COLUMN ops TEXT;

                CREATE TABLE stock (
                    sku TEXT NOT NULL REFERENCES item(sku),
                    bin TEXT NOT NULL REFERENCES bin(id),
                    on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
                    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
                    PRIMARY KEY (sku, bin)
                ) WITHOUT ROWID;
                CREATE INDEX stock_bin ON stock(bin);

                -- Quantity on hand and its value per item, cores bins apart: the moving average is
                -- value ÷ quantity.
                CREATE TABLE stock_valuation (
                    sku TEXT PRIMARY KEY NOT NULL REFERENCES item(sku),
                    quantity INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
                    value INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;

                CREATE TABLE reservation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    visit_id INTEGER,
                    sku TEXT NOT NULL REFERENCES item(sku),
                    bin TEXT NOT NULL REFERENCES bin(id),
                    quantity INTEGER NOT NULL CHECK (quantity >= 0),
                    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
                    released INTEGER NOT NULL DEFAULT 0 CHECK (released >= 0),
                    cancelled INTEGER NOT NULL DEFAULT 0,
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    CHECK (used + released <= quantity)
                );
                CREATE INDEX reservation_case ON reservation(case_id);
                CREATE INDEX reservation_open ON reservation(sku, bin) WHERE used + released < quantity;

                CREATE TABLE stock_movement (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('receipt','transfer-out','transfer-in','reservation','release','issue',
                        'return','core-return','refurbish-out','refurbish-in','scrap','adjustment')),
                    sku TEXT NOT NULL,
                    bin TEXT NOT NULL,
                    on_hand_delta INTEGER NOT NULL,
                    reserved_delta INTEGER NOT NULL,
                    unit_cost INTEGER NOT NULL,
                    value INTEGER NOT NULL,
                    case_id INTEGER,
                    line_id INTEGER,
                    reservation_id INTEGER,
                    reason_code TEXT,
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX movement_item_bin ON stock_movement(sku, bin);
                CREATE INDEX movement_line ON stock_movement(line_id);
                CREATE INDEX movement_case ON stock_movement(case_id);
                CREATE INDEX movement_at ON stock_movement(at);
                CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement BEGIN
                  SELECT RAISE(ABORT, 'the stock ledger is append-only: correct it with a new movement');
                END;
                CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement BEGIN
                  SELECT RAISE(ABORT, 'the stock ledger is append-only: correct it with a new movement');
                END;
                """)
    }

    /// The ERP outbox: postings, append-only but for the batch that exported them, and the
    /// batches themselves.
    private static func v4Postings(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE service_case ADD COLUMN closings INTEGER NOT NULL DEFAULT 0;

                CREATE TABLE export_batch (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    format TEXT NOT NULL CHECK (format IN ('jsonl','csv')),
                    path TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    total INTEGER NOT NULL
                );

                CREATE TABLE posting (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    closing INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('revenue','warranty-cost','goodwill-cost','contract-consumption','stock-issue',
                        'core-credit','core-charge','claim-accepted','claim-rejected')),
                    amount INTEGER NOT NULL,
                    reverses INTEGER REFERENCES posting(id),
                    outcome_id INTEGER,
                    line_id INTEGER,
                    contract TEXT,
                    sku TEXT,
                    quantity INTEGER,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    at INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    batch_id INTEGER REFERENCES export_batch(id)
                );
                CREATE INDEX posting_case ON posting(case_id);
                CREATE INDEX posting_unexported ON posting(id) WHERE batch_id IS NULL;
                CREATE INDEX posting_batch ON posting(batch_id);
                CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
                  SELECT RAISE(ABORT, 'postings are never deleted: a reopen reverses them');
                END;
                CREATE TRIGGER posting_no_edit BEFORE UPDATE ON posting
                WHEN NOT (old.batch_id IS NULL AND new.batch_id IS NOT NULL AND old.id = new.id AND old.case_id = new.case_id
                          AND old.kind = new.kind AND old.amount = new.amount AND old.idempotency_key = new.idempotency_key)
                BEGIN
                  SELECT RAISE(ABORT, 'postings are never edited: a reopen reverses them');
                END;
                """)
    }

    /// The audit trail becomes a hash chain (entries already written are chained in id
    /// order), append-only; each outbox batch keeps the head it went out with.
    private static func v5AuditChain(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE audit_entry ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE audit_entry ADD COLUMN hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE export_batch ADD COLUMN audit_entry INTEGER;
                ALTER TABLE export_batch ADD COLUMN audit_hash TEXT;
                """)
        try AuditChain.chainExisting(db)
        try db.execute(
            sql: """
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_entry BEGIN
                  SELECT RAISE(ABORT, 'the audit trail is append-only');
                END;
                CREATE TRIGGER audit_no_edit BEFORE UPDATE ON audit_entry BEGIN
                  SELECT RAISE(ABORT, 'the audit trail is append-only');
                END;
                """)
    }

    /// An override may ask to release what a reservation of another agent's case holds, and
    /// to reserve it for the requester's case in the same approving transaction.
    private static func v6ReleaseOverride(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE override_request ADD COLUMN reservation_id INTEGER REFERENCES reservation(id);
                ALTER TABLE override_request ADD COLUMN quantity INTEGER CHECK (quantity > 0);
                ALTER TABLE override_request ADD COLUMN for_case INTEGER REFERENCES service_case(id);
                """)
    }

    /// The completeness KPI looks up an outcome's postings and a posting's reversal: without
    /// these indexes each lookup read every posting, and the KPI report on a million
    /// generated cases had not finished after ten minutes.
    private static func v7PostingIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX posting_outcome ON posting(outcome_id) WHERE outcome_id IS NOT NULL;
                CREATE INDEX posting_reverses ON posting(reverses) WHERE reverses IS NOT NULL;
                """)
    }

    /// Cases imported from the ERP's history keep the ERP's case number, so importing them
    /// again updates them instead of adding them twice.
    private static func v8CaseERPKey(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE service_case ADD COLUMN erp_key TEXT;
                CREATE UNIQUE INDEX case_erp_key ON service_case(erp_key) WHERE erp_key IS NOT NULL;
                """)
    }

    /// A batch is recorded, with its postings, before its file is written, and marked written
    /// after: a crash in between leaves a batch the next export writes first, never a second
    /// file under the same batch key. Batches made before were written with their record.
    private static func v9BatchWritten(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE export_batch ADD COLUMN written INTEGER NOT NULL DEFAULT 1")
    }

    /// The queue reads a window at a time in each sort's order. At a million cases, of which a
    /// few tens of thousands are open, the open views walked every case and sorted them for
    /// each window. Partial indexes over the open cases, one per sort, give each window and
    /// each keyset page straight from an index; the "all" view gets the SLA and priority
    /// orders over every case (age is `case_opened`, number the rowid). A missing due time
    /// sorts last as the largest integer, so a page's key is never NULL. The WHERE must stay
    /// the text the queue writes (`CaseQueue`'s `openCases`) for SQLite to use them.
    private static func v10QueueIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX case_open_sla ON service_case(coalesce(sla_due, 9223372036854775807))
                  WHERE status NOT IN ('closed','cancelled');
                CREATE INDEX case_open_priority ON service_case(priority, coalesce(sla_due, 9223372036854775807))
                  WHERE status NOT IN ('closed','cancelled');
                CREATE INDEX case_open_age ON service_case(opened_at) WHERE status NOT IN ('closed','cancelled');
                CREATE INDEX case_open_number ON service_case(id) WHERE status NOT IN ('closed','cancelled');
                CREATE INDEX case_sla ON service_case(coalesce(sla_due, 9223372036854775807));
                CREATE INDEX case_priority ON service_case(priority, coalesce(sla_due, 9223372036854775807));
                """)
    }

    /// A closure state keeps which checks failed, as codes, and its sentences only where the
    /// case's rows would not word them again (issue 18): the "all checks passed" checklist of
    /// every closed case was ~500 bytes of sentences its rows already say. `checks` becomes
    /// NULL-able, so the table is made again; `CaseStateConversion` converts the states.
    private static func v11CaseStateCodes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE case_state_v11 (
                    case_id INTEGER PRIMARY KEY REFERENCES service_case(id) ON DELETE CASCADE,
                    entitlement TEXT,
                    entitlement_ok INTEGER NOT NULL DEFAULT 0,
                    failing INTEGER NOT NULL,
                    -- The failing checks' codes, comma-separated ('' when none failed).
                    failed TEXT NOT NULL DEFAULT '',
                    -- The checklist's sentences (JSON), NULL when every check passed and the
                    -- case's rows word them (ClosureChecklist.allPassed).
                    checks TEXT,
                    CHECK (checks IS NOT NULL OR failed = '')
                );
                INSERT INTO case_state_v11 (case_id, entitlement, entitlement_ok, failing, checks)
                  SELECT case_id, entitlement, entitlement_ok, failing, checks FROM case_state;
                DROP TABLE case_state;
                ALTER TABLE case_state_v11 RENAME TO case_state;
                CREATE INDEX case_state_failing ON case_state(failing);
                """)
        try CaseStateConversion.convert(db)
    }

    /// A posting's idempotency key is kept unique over its integer parts (`PostingKeyParts`)
    /// beside its case and kind, and spelt out from them when read, instead of as a 46-byte
    /// text with its own unique index (issue 18: ~130 bytes a posting). That index, led by
    /// the case, also serves what `posting_case` did. A key its parts would not spell again
    /// keeps its text, unique on its own; NULL parts never collide. The table is made again
    /// (its key's UNIQUE was a column constraint); `PostingKeyConversion` splits the keys.
    private static func v12PostingKeyParts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE posting_v12 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    closing INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('revenue','warranty-cost','goodwill-cost','contract-consumption','stock-issue',
                        'core-credit','core-charge','claim-accepted','claim-rejected')),
                    amount INTEGER NOT NULL,
                    reverses INTEGER REFERENCES posting(id),
                    outcome_id INTEGER,
                    line_id INTEGER,
                    contract TEXT,
                    sku TEXT,
                    quantity INTEGER,
                    -- The key's parts: the outcome or line it names, the closing, a core's count and
                    -- a reversal's reopening it names (0: none); NULL reference when the text is kept.
                    key_ref INTEGER,
                    key_closing INTEGER NOT NULL DEFAULT 0,
                    key_count INTEGER NOT NULL DEFAULT 0,
                    key_reopening INTEGER NOT NULL DEFAULT 0,
                    idempotency_key TEXT,
                    at INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    batch_id INTEGER REFERENCES export_batch(id),
                    CHECK ((key_ref IS NULL) = (idempotency_key IS NOT NULL))
                );
                INSERT INTO posting_v12 (id, case_id, closing, kind, amount, reverses, outcome_id, line_id, contract, sku,
                    quantity, idempotency_key, at, account, batch_id)
                  SELECT id, case_id, closing, kind, amount, reverses, outcome_id, line_id, contract, sku, quantity,
                    idempotency_key, at, account, batch_id FROM posting;
                DROP TABLE posting;
                ALTER TABLE posting_v12 RENAME TO posting;
                CREATE UNIQUE INDEX posting_key ON posting(case_id, kind, key_ref, key_closing, key_count, key_reopening);
                CREATE UNIQUE INDEX posting_key_text ON posting(idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX posting_unexported ON posting(id) WHERE batch_id IS NULL;
                CREATE INDEX posting_batch ON posting(batch_id);
                CREATE INDEX posting_outcome ON posting(outcome_id) WHERE outcome_id IS NOT NULL;
                CREATE INDEX posting_reverses ON posting(reverses) WHERE reverses IS NOT NULL;
                CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
                  SELECT RAISE(ABORT, 'postings are never deleted: a reopen reverses them');
                END;
                """)
        // Before the edit guard, which would refuse it.
        try PostingKeyConversion.convert(db)
        try db.execute(
            sql: """
                CREATE TRIGGER posting_no_edit BEFORE UPDATE ON posting
                WHEN NOT (old.batch_id IS NULL AND new.batch_id IS NOT NULL AND old.id = new.id AND old.case_id = new.case_id
                          AND old.kind = new.kind AND old.amount = new.amount AND old.idempotency_key IS new.idempotency_key
                          AND old.key_ref IS new.key_ref AND old.key_closing = new.key_closing
                          AND old.key_count = new.key_count AND old.key_reopening = new.key_reopening)
                BEGIN
                  SELECT RAISE(ABORT, 'postings are never edited: a reopen reverses them');
                END;
                """)
    }

    /// The search index keeps no copy of the text it indexes (issue 18): it becomes
    /// external-content, its content the view `case_search_text` over the case table and its
    /// customer's name, which SQLite reads only when a column of the index is asked for (the
    /// queue asks for rowids). A contentless index would do as well but refuses DELETE and
    /// UPDATE on this SQLite (3.40), so the triggers remove a case's old text with FTS5's
    /// 'delete' command, given the very values that were indexed: the old subject and serial,
    /// and the customer's name as it stood (a rename re-indexes its cases first).
    ///
    /// It also gets indexes of every term's one- and two-character prefixes. A search for one
    /// or two letters ("s", "SN-1") matches terms by the hundred thousand, and without them
    /// FTS5 merged all their lists before giving the first match: 150–180 ms at a million
    /// cases, on each such keystroke; with them, about a millisecond. Longer prefixes match few
    /// terms. They cost about 65 bytes a case.
    private static func v13CaseSearchExternal(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TRIGGER case_search_insert;
                DROP TRIGGER case_search_update;
                DROP TRIGGER case_search_delete;
                DROP TRIGGER case_search_customer;
                DROP TABLE case_search;
                CREATE VIEW case_search_text (id, subject, customer, serial) AS
                  SELECT c.id, c.subject, cu.name, c.serial FROM service_case c JOIN customer cu ON cu.id = c.customer_id;
                CREATE VIRTUAL TABLE case_search USING fts5(subject, customer, serial, content = 'case_search_text',
                  content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2');
                INSERT INTO case_search (case_search) VALUES ('rebuild');

                CREATE TRIGGER case_search_insert AFTER INSERT ON service_case BEGIN
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
                END;
                CREATE TRIGGER case_search_update AFTER UPDATE OF subject, customer_id, serial ON service_case BEGIN
                  INSERT INTO case_search (case_search, rowid, subject, customer, serial)
                    SELECT 'delete', old.id, old.subject, cu.name, old.serial FROM customer cu WHERE cu.id = old.customer_id;
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
                END;
                CREATE TRIGGER case_search_delete AFTER DELETE ON service_case BEGIN
                  INSERT INTO case_search (case_search, rowid, subject, customer, serial)
                    SELECT 'delete', old.id, old.subject, cu.name, old.serial FROM customer cu WHERE cu.id = old.customer_id;
                END;
                CREATE TRIGGER case_search_customer AFTER UPDATE OF name ON customer BEGIN
                  INSERT INTO case_search (case_search, rowid, subject, customer, serial)
                    SELECT 'delete', id, subject, old.name, serial FROM service_case WHERE customer_id = old.id;
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT id, subject, new.name, serial FROM service_case WHERE customer_id = new.id;
                END;
                """)
    }

    /// An entitlement check keeps its facts, not their text (issue 18: ~480 bytes a case).
    /// Its terms, ~135 bytes of JSON that a generated database holds a handful of distinct
    /// values of, move to `terms_snapshot`, one immutable row per distinct text, which the
    /// check names by id. The snapshot is found by its content through the UNIQUE index on
    /// the text itself rather than a hash of it: exact, nothing to collide, and with so few
    /// distinct terms the index is a page or two, while the id costs a check one or two bytes
    /// where a hash would cost 32. Snapshots are never changed or deleted (an undone
    /// verification leaves its snapshot for the redo and for the next check on those terms).
    /// Its trail, ~230 bytes of sentences, becomes steps (`EntitlementStep`), each a short code
    /// and its parameters, worded again when read; a sentence no step words exactly stays as
    /// written. The table is made again (`terms` gives way to `terms_id`), through
    /// `EntitlementCheckConversion`, keeping its AUTOINCREMENT counter.
    private static func v14EntitlementFacts(_ db: Database) throws {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entitlement_check'")
        try db.execute(
            sql: """
                CREATE TABLE terms_snapshot (
                    id INTEGER PRIMARY KEY,
                    terms TEXT NOT NULL UNIQUE
                );
                CREATE TRIGGER terms_snapshot_no_edit BEFORE UPDATE ON terms_snapshot BEGIN
                  SELECT RAISE(ABORT, 'a terms snapshot never changes: checks refer to it');
                END;
                CREATE TRIGGER terms_snapshot_no_delete BEFORE DELETE ON terms_snapshot BEGIN
                  SELECT RAISE(ABORT, 'a terms snapshot is never deleted: checks refer to it');
                END;
                INSERT INTO terms_snapshot (terms) SELECT terms FROM entitlement_check GROUP BY terms ORDER BY min(id);

                CREATE TABLE entitlement_check_v14 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    outcome TEXT NOT NULL CHECK (outcome IN ('warranty','contract','chargeable')),
                    source_kind TEXT NOT NULL CHECK (source_kind IN ('asset-warranty','generic-warranty','contract','none')),
                    source_id TEXT,
                    terms_id INTEGER NOT NULL REFERENCES terms_snapshot(id),
                    limits TEXT NOT NULL,
                    response_hours INTEGER,
                    -- The steps (JSON): each a code and its parameters, or a sentence kept as written.
                    trail TEXT NOT NULL,
                    on_date TEXT NOT NULL,
                    verified_by TEXT NOT NULL,
                    verified_at INTEGER NOT NULL
                );
                """)
        try EntitlementCheckConversion.convert(db)
        try db.execute(
            sql: """
                DROP TABLE entitlement_check;
                ALTER TABLE entitlement_check_v14 RENAME TO entitlement_check;
                CREATE INDEX entitlement_case ON entitlement_check(case_id, id);
                """)
        // A check undone since keeps its id taken, as AUTOINCREMENT promised.
        try restoreSequence(db, sequence, of: "entitlement_check")
    }

    /// Gives a table made again its AUTOINCREMENT counter as it stood (`sequence`, read
    /// before the old table was dropped, which drops its counter): ids once given are never
    /// given again, even those of rows gone since.
    private static func restoreSequence(_ db: Database, _ sequence: Int64?, of table: String) throws {
        guard let sequence else { return }
        try db.execute(
            sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", arguments: [sequence, table])
        if db.changesCount == 0 {
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table, sequence])
        }
    }

    /// A posting keeps its kind as a small integer code (`PostingKind.storageCode`) instead
    /// of its name, which the column `kind`, generated and not stored, spells again, so every
    /// query reads and compares `kind` as before (issue 18: the name was ~10 bytes in each
    /// posting and again in `posting_key`, ~44 bytes a case). The codes are fixed: a new kind
    /// takes the next one. The table is made again (a column cannot become generated), keeping
    /// its counter; the indexes are made again over the code.
    ///
    /// Three indexes become partial, over the rows their queries ask for: `posting_batch` over
    /// exported postings (its query asks for one batch; every unexported posting was an entry
    /// of NULL, and `posting_unexported` finds those), `case_assignee` over open cases (only
    /// the open "mine" view asks by assignee, written with the open condition the v10 indexes
    /// have), and `case_state_failing` over failing cases (the blocked view asks for
    /// `failing > 0`; ready-to-close counts seek the open cases by status instead). Together
    /// ~50 bytes a case, as nearly every case is closed, exported-to-be and failing nothing.
    private static func v15PostingKindCodes(_ db: Database) throws {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'posting'")
        try db.execute(
            sql: """
                CREATE TABLE posting_v15 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES service_case(id),
                    closing INTEGER NOT NULL,
                    kind_code INTEGER NOT NULL CHECK (kind_code BETWEEN 0 AND 8),
                    kind TEXT NOT NULL GENERATED ALWAYS AS (CASE kind_code WHEN 0 THEN 'revenue' WHEN 1 THEN 'warranty-cost'
                      WHEN 2 THEN 'goodwill-cost' WHEN 3 THEN 'contract-consumption' WHEN 4 THEN 'stock-issue'
                      WHEN 5 THEN 'core-credit' WHEN 6 THEN 'core-charge' WHEN 7 THEN 'claim-accepted'
                      WHEN 8 THEN 'claim-rejected' END) VIRTUAL,
                    amount INTEGER NOT NULL,
                    reverses INTEGER REFERENCES posting(id),
                    outcome_id INTEGER,
                    line_id INTEGER,
                    contract TEXT,
                    sku TEXT,
                    quantity INTEGER,
                    key_ref INTEGER,
                    key_closing INTEGER NOT NULL DEFAULT 0,
                    key_count INTEGER NOT NULL DEFAULT 0,
                    key_reopening INTEGER NOT NULL DEFAULT 0,
                    idempotency_key TEXT,
                    at INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    batch_id INTEGER REFERENCES export_batch(id),
                    CHECK ((key_ref IS NULL) = (idempotency_key IS NOT NULL))
                );
                INSERT INTO posting_v15 (id, case_id, closing, kind_code, amount, reverses, outcome_id, line_id, contract, sku,
                    quantity, key_ref, key_closing, key_count, key_reopening, idempotency_key, at, account, batch_id)
                  SELECT id, case_id, closing,
                    CASE kind WHEN 'revenue' THEN 0 WHEN 'warranty-cost' THEN 1 WHEN 'goodwill-cost' THEN 2
                      WHEN 'contract-consumption' THEN 3 WHEN 'stock-issue' THEN 4 WHEN 'core-credit' THEN 5
                      WHEN 'core-charge' THEN 6 WHEN 'claim-accepted' THEN 7 WHEN 'claim-rejected' THEN 8 END,
                    amount, reverses, outcome_id, line_id, contract, sku, quantity, key_ref, key_closing, key_count,
                    key_reopening, idempotency_key, at, account, batch_id
                  FROM posting ORDER BY id;
                DROP TABLE posting;
                ALTER TABLE posting_v15 RENAME TO posting;
                CREATE UNIQUE INDEX posting_key ON posting(case_id, kind_code, key_ref, key_closing, key_count, key_reopening);
                CREATE UNIQUE INDEX posting_key_text ON posting(idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX posting_unexported ON posting(id) WHERE batch_id IS NULL;
                CREATE INDEX posting_batch ON posting(batch_id) WHERE batch_id IS NOT NULL;
                CREATE INDEX posting_outcome ON posting(outcome_id) WHERE outcome_id IS NOT NULL;
                CREATE INDEX posting_reverses ON posting(reverses) WHERE reverses IS NOT NULL;
                CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
                  SELECT RAISE(ABORT, 'postings are never deleted: a reopen reverses them');
                END;
                CREATE TRIGGER posting_no_edit BEFORE UPDATE ON posting
                WHEN NOT (old.batch_id IS NULL AND new.batch_id IS NOT NULL AND old.id = new.id AND old.case_id = new.case_id
                          AND old.kind_code = new.kind_code AND old.amount = new.amount
                          AND old.idempotency_key IS new.idempotency_key
                          AND old.key_ref IS new.key_ref AND old.key_closing = new.key_closing
                          AND old.key_count = new.key_count AND old.key_reopening = new.key_reopening)
                BEGIN
                  SELECT RAISE(ABORT, 'postings are never edited: a reopen reverses them');
                END;

                DROP INDEX case_assignee;
                CREATE INDEX case_assignee ON service_case(assignee, status) WHERE status NOT IN ('closed','cancelled');
                DROP INDEX case_state_failing;
                CREATE INDEX case_state_failing ON case_state(failing) WHERE failing > 0;
                """)
        try restoreSequence(db, sequence, of: "posting")
    }

    /// The rows of one case: a conflict in one of them is named as the case's.
    static let caseTables = [
        "service_case", "visit", "case_line", "entitlement_check", "billing_outcome", "outcome_portion",
        "override_request",
    ]

    /// The tables whose rows commands edit and undo restores: master data and the cases'.
    /// Derived state, counters shared between cases (spent amounts), the audit trail and the
    /// undo history itself are not among them.
    static let capturedTables =
        [
            "app_user", "customer", "warranty_template", "item", "asset", "contract", "contract_region",
            "contract_serial", "contract_exclusion", "entitlement_rule", "bin", "resolution_code",
        ] + caseTables

    /// The open cases get a search index of their own, `case_search_open` (issue 18). Every view
    /// but "all" lists open cases only — a few percent of a desk's history — and searching them
    /// in the index of every case read the matches of the closed ones too: counting "111" in
    /// the open view at a million cases looked up 5,000 matches to find 200 open ones (49 ms),
    /// and a screenful of "rattl" read its 100,000 matches into a set (41 ms). In an index of
    /// the 30,000 open cases the same reads take 0.5 and 2 ms. It is external-content like
    /// `case_search`, over the view of the open cases, and costs about 4 bytes a case.
    ///
    /// A case enters it when opened and leaves it when closed or cancelled (a reopening puts it
    /// back). `case_search_update` and `case_search_customer` are made again to run only when
    /// the indexed text changes: saving a case writes its subject back unchanged, and each
    /// command re-indexed the case; an import re-indexed every case of each customer it read.
    private static func v16OpenCaseSearch(_ db: Database) throws {
        let open = "status NOT IN ('closed','cancelled')"
        try db.execute(
            sql: """
                CREATE VIEW case_search_open_text (id, subject, customer, serial) AS
                  SELECT c.id, c.subject, cu.name, c.serial FROM service_case c JOIN customer cu ON cu.id = c.customer_id
                  WHERE c.\(open);
                CREATE VIRTUAL TABLE case_search_open USING fts5(subject, customer, serial,
                  content = 'case_search_open_text', content_rowid = 'id',
                  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2');
                INSERT INTO case_search_open (case_search_open) VALUES ('rebuild');

                CREATE TRIGGER case_search_open_insert AFTER INSERT ON service_case WHEN new.\(open) BEGIN
                  INSERT INTO case_search_open (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
                END;
                CREATE TRIGGER case_search_open_update AFTER UPDATE OF subject, customer_id, serial, status ON service_case
                WHEN (old.\(open) OR new.\(open)) AND (old.subject IS NOT new.subject
                  OR old.customer_id IS NOT new.customer_id OR old.serial IS NOT new.serial
                  OR (old.\(open)) IS NOT (new.\(open)))
                BEGIN
                  INSERT INTO case_search_open (case_search_open, rowid, subject, customer, serial)
                    SELECT 'delete', old.id, old.subject, cu.name, old.serial FROM customer cu
                    WHERE cu.id = old.customer_id AND old.\(open);
                  INSERT INTO case_search_open (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu
                    WHERE cu.id = new.customer_id AND new.\(open);
                END;
                CREATE TRIGGER case_search_open_delete AFTER DELETE ON service_case WHEN old.\(open) BEGIN
                  INSERT INTO case_search_open (case_search_open, rowid, subject, customer, serial)
                    SELECT 'delete', old.id, old.subject, cu.name, old.serial FROM customer cu WHERE cu.id = old.customer_id;
                END;
                CREATE TRIGGER case_search_open_customer AFTER UPDATE OF name ON customer WHEN old.name IS NOT new.name
                BEGIN
                  INSERT INTO case_search_open (case_search_open, rowid, subject, customer, serial)
                    SELECT 'delete', id, subject, old.name, serial FROM service_case WHERE customer_id = old.id AND \(open);
                  INSERT INTO case_search_open (rowid, subject, customer, serial)
                    SELECT id, subject, new.name, serial FROM service_case WHERE customer_id = new.id AND \(open);
                END;

                DROP TRIGGER case_search_update;
                CREATE TRIGGER case_search_update AFTER UPDATE OF subject, customer_id, serial ON service_case
                WHEN old.subject IS NOT new.subject OR old.customer_id IS NOT new.customer_id OR old.serial IS NOT new.serial
                BEGIN
                  INSERT INTO case_search (case_search, rowid, subject, customer, serial)
                    SELECT 'delete', old.id, old.subject, cu.name, old.serial FROM customer cu WHERE cu.id = old.customer_id;
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT new.id, new.subject, cu.name, new.serial FROM customer cu WHERE cu.id = new.customer_id;
                END;
                DROP TRIGGER case_search_customer;
                CREATE TRIGGER case_search_customer AFTER UPDATE OF name ON customer WHEN old.name IS NOT new.name BEGIN
                  INSERT INTO case_search (case_search, rowid, subject, customer, serial)
                    SELECT 'delete', id, subject, old.name, serial FROM service_case WHERE customer_id = old.id;
                  INSERT INTO case_search (rowid, subject, customer, serial)
                    SELECT id, subject, new.name, serial FROM service_case WHERE customer_id = new.id;
                END;
                """)
    }

    /// v17: a technician's visits by account, for the queue's "my visits" view — which cases
    /// hold a visit of his that is planned or done — read from this index alone.
    private static func v17VisitTechnician(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX visit_technician ON visit(technician, status, case_id)")
    }

    /// v18: the desk's resolution codes, master data like the bins. A case keeps its code as
    /// text, not a reference: a code retired or renamed later must not change, or refuse,
    /// the cases already resolved with it, nor the history imported with codes of its own.
    private static func v18ResolutionCodes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE resolution_code (
                    code TEXT PRIMARY KEY NOT NULL,
                    description TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1
                ) WITHOUT ROWID
                """)
    }

    /// v19: the search indexes keep which cases, and which of their columns, hold each token,
    /// not where in them (FTS5's `detail = column`), nor each column's length (`columnsize =
    /// 0`): at 200,000 generated cases they took 113 bytes a case, now 72. Nothing asks them for
    /// more: every query of theirs is a token, or a token's start, on its own
    /// (`CaseTextMatch.candidates`); a word of several tokens, which needs them one after another
    /// in one column, is asked for its rarest token and each case found is tested on its own
    /// text, and nothing ranks. `detail = none` would keep 25 bytes a case, but FTS5 reads a
    /// token's start there by merging its terms' lists two at a time: the latest 2,001 cases
    /// of "rattl" took 2.3 ms instead of 0.7 at 200,000 cases, and a keystroke of it in the all
    /// view 21 ms instead of 6 at a million. FTS5 cannot change a table's options, so each index
    /// is made again from its text.
    private static func v19SearchWithoutPositions(_ db: Database) throws {
        let options = "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2', detail = column, columnsize = 0"
        try db.execute(
            sql: """
                DROP TABLE case_search;
                CREATE VIRTUAL TABLE case_search USING fts5(subject, customer, serial,
                  content = 'case_search_text', content_rowid = 'id', \(options));
                INSERT INTO case_search (case_search) VALUES ('rebuild');
                DROP TABLE case_search_open;
                CREATE VIRTUAL TABLE case_search_open USING fts5(subject, customer, serial,
                  content = 'case_search_open_text', content_rowid = 'id', \(options));
                INSERT INTO case_search_open (case_search_open) VALUES ('rebuild');
                """)
    }
}
