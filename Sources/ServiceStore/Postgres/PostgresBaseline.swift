/// The schema a PostgreSQL database starts from: the same tables, columns, keys, checks,
/// indexes and append-only guards as a SQLite database at its latest migration
/// (`Schema.latest`), written for PostgreSQL. Later migrations are written for both engines;
/// `PostgresBaselineTests` compares the two schemas, table by table and column by column, so a
/// migration written for one alone fails there.
///
/// Types follow SQLite's: `bigint` for INTEGER (money in minor units, times in seconds, flags
/// 0/1 — the same values on both, so rows copy and compare as they are), `text`, and identity
/// columns `BY DEFAULT` so a desk moved from SQLite keeps its case numbers. Search on the case
/// table is not here: PostgreSQL's comes with the queue on this engine.
enum PostgresBaseline {
    /// The last SQLite migration this baseline equals (those after it change only SQLite's
    /// search indexes, `Schema.sqliteOnly`).
    static let migration = "v18-resolution-codes"

    static let script = """
        CREATE TABLE schema_migration (identifier text PRIMARY KEY NOT NULL);
        CREATE TABLE meta (key text PRIMARY KEY NOT NULL, value text NOT NULL);
        CREATE TABLE app_user (
            account text PRIMARY KEY NOT NULL,
            name text NOT NULL,
            role text NOT NULL CHECK (role IN ('agent','technician','supervisor','admin','trainer')),
            labour_rate bigint CHECK (labour_rate >= 0),
            disabled bigint NOT NULL DEFAULT 0
        );
        CREATE TABLE customer (
            id text PRIMARY KEY NOT NULL,
            name text NOT NULL,
            region text NOT NULL,
            contact text NOT NULL DEFAULT '',
            needs_review bigint NOT NULL DEFAULT 0
        );
        CREATE TABLE warranty_template (
            id text PRIMARY KEY NOT NULL,
            name text NOT NULL,
            parts_pct bigint NOT NULL CHECK (parts_pct BETWEEN 0 AND 100),
            labour_pct bigint NOT NULL CHECK (labour_pct BETWEEN 0 AND 100),
            travel_pct bigint NOT NULL CHECK (travel_pct BETWEEN 0 AND 100),
            expenses_pct bigint NOT NULL CHECK (expenses_pct BETWEEN 0 AND 100),
            per_incident_cap bigint CHECK (per_incident_cap >= 0),
            lifetime_cap bigint CHECK (lifetime_cap >= 0),
            months bigint CHECK (months > 0),
            effective text,
            expiry text
        );
        CREATE TABLE item (
            sku text PRIMARY KEY NOT NULL,
            description text NOT NULL,
            category text NOT NULL,
            serialized bigint NOT NULL DEFAULT 0,
            costing text NOT NULL CHECK (costing IN ('standard','moving-average')),
            standard_cost bigint NOT NULL DEFAULT 0 CHECK (standard_cost >= 0),
            list_price bigint NOT NULL CHECK (list_price >= 0),
            core_charge bigint NOT NULL DEFAULT 0 CHECK (core_charge >= 0),
            generic_warranty text REFERENCES warranty_template(id)
        );
        CREATE TABLE asset (
            serial text PRIMARY KEY NOT NULL,
            sku text NOT NULL REFERENCES item(sku),
            customer_id text NOT NULL REFERENCES customer(id),
            installed_on text NOT NULL,
            region text NOT NULL,
            force_generic bigint NOT NULL DEFAULT 0,
            warranty_template text REFERENCES warranty_template(id),
            warranty_start text,
            warranty_end text,
            needs_review bigint NOT NULL DEFAULT 0,
            CHECK ((warranty_template IS NULL) = (warranty_start IS NULL) AND (warranty_start IS NULL) = (warranty_end IS NULL))
        );
        CREATE INDEX asset_customer ON asset(customer_id);
        CREATE TABLE warranty_spend (
            serial text NOT NULL REFERENCES asset(serial),
            kind text NOT NULL CHECK (kind IN ('asset','generic')),
            template text NOT NULL REFERENCES warranty_template(id),
            spent bigint NOT NULL DEFAULT 0 CHECK (spent >= 0),
            PRIMARY KEY (serial, kind, template)
        );
        CREATE TABLE contract (
            number text PRIMARY KEY NOT NULL,
            customer_id text NOT NULL REFERENCES customer(id),
            tier text NOT NULL,
            status text NOT NULL CHECK (status IN ('in-preparation','released','expired','blocked','cancelled')),
            start_on text NOT NULL,
            end_on text NOT NULL,
            fee bigint NOT NULL DEFAULT 0 CHECK (fee >= 0),
            parts_pct bigint NOT NULL CHECK (parts_pct BETWEEN 0 AND 100),
            labour_pct bigint NOT NULL CHECK (labour_pct BETWEEN 0 AND 100),
            travel_pct bigint NOT NULL CHECK (travel_pct BETWEEN 0 AND 100),
            expenses_pct bigint NOT NULL CHECK (expenses_pct BETWEEN 0 AND 100),
            deductible bigint NOT NULL DEFAULT 0 CHECK (deductible >= 0),
            balance_kind text CHECK (balance_kind IN ('minutes','money')),
            balance bigint CHECK (balance >= 0),
            CHECK ((balance_kind IS NULL) = (balance IS NULL))
        );
        CREATE INDEX contract_customer ON contract(customer_id);
        CREATE TABLE contract_region (
            contract text NOT NULL REFERENCES contract(number),
            region text NOT NULL,
            PRIMARY KEY (contract, region)
        );
        CREATE TABLE contract_serial (
            contract text NOT NULL REFERENCES contract(number),
            serial text NOT NULL,
            PRIMARY KEY (contract, serial)
        );
        CREATE TABLE contract_exclusion (
            contract text NOT NULL REFERENCES contract(number),
            category text NOT NULL,
            PRIMARY KEY (contract, category)
        );
        CREATE TABLE entitlement_rule (
            region text NOT NULL,
            tier text NOT NULL DEFAULT '',
            response_hours bigint CHECK (response_hours > 0),
            travel_covered bigint,
            extension_months bigint NOT NULL DEFAULT 0 CHECK (extension_months >= 0),
            PRIMARY KEY (region, tier)
        );
        CREATE TABLE bin (
            id text PRIMARY KEY NOT NULL,
            warehouse text NOT NULL,
            region text NOT NULL,
            kind text NOT NULL DEFAULT 'shelf' CHECK (kind IN ('shelf','van','cores','refurb')),
            technician text REFERENCES app_user(account)
        );
        CREATE TABLE resolution_code (
            code text PRIMARY KEY NOT NULL,
            description text NOT NULL,
            active bigint NOT NULL DEFAULT 1
        );
        CREATE TABLE service_case (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            customer_id text NOT NULL REFERENCES customer(id),
            serial text NOT NULL REFERENCES asset(serial),
            subject text NOT NULL,
            reported_on text NOT NULL,
            opened_at bigint NOT NULL,
            priority bigint NOT NULL CHECK (priority BETWEEN 1 AND 4),
            assignee text NOT NULL REFERENCES app_user(account),
            contact text NOT NULL DEFAULT '',
            sla_due bigint,
            status text NOT NULL CHECK (status IN ('new','verified','scheduled','in-progress','resolved','closed','cancelled')),
            resolution_code text,
            technician_notes text NOT NULL DEFAULT '',
            no_parts bigint NOT NULL DEFAULT 0,
            no_labour bigint NOT NULL DEFAULT 0,
            cancel_reason text,
            closed_at bigint,
            closed_by text,
            imported bigint NOT NULL DEFAULT 0,
            version bigint NOT NULL,
            changed_by text NOT NULL,
            closings bigint NOT NULL DEFAULT 0,
            erp_key text
        );
        CREATE INDEX case_status_due ON service_case(status, sla_due);
        CREATE INDEX case_serial ON service_case(serial);
        CREATE INDEX case_customer ON service_case(customer_id);
        CREATE INDEX case_opened ON service_case(opened_at);
        CREATE UNIQUE INDEX case_erp_key ON service_case(erp_key) WHERE erp_key IS NOT NULL;
        CREATE INDEX case_open_sla ON service_case(coalesce(sla_due, 9223372036854775807))
            WHERE status NOT IN ('closed','cancelled');
        CREATE INDEX case_open_priority ON service_case(priority, coalesce(sla_due, 9223372036854775807))
            WHERE status NOT IN ('closed','cancelled');
        CREATE INDEX case_open_age ON service_case(opened_at) WHERE status NOT IN ('closed','cancelled');
        CREATE INDEX case_open_number ON service_case(id) WHERE status NOT IN ('closed','cancelled');
        CREATE INDEX case_sla ON service_case(coalesce(sla_due, 9223372036854775807));
        CREATE INDEX case_priority ON service_case(priority, coalesce(sla_due, 9223372036854775807));
        CREATE INDEX case_assignee ON service_case(assignee, status) WHERE status NOT IN ('closed','cancelled');
        CREATE TABLE visit (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            technician text NOT NULL REFERENCES app_user(account),
            starts_at bigint NOT NULL,
            ends_at bigint NOT NULL CHECK (ends_at > starts_at),
            status text NOT NULL CHECK (status IN ('planned','done','no-access'))
        );
        CREATE INDEX visit_case ON visit(case_id);
        CREATE INDEX visit_technician ON visit(technician, status, case_id);
        CREATE TABLE case_line (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            number bigint NOT NULL,
            kind text NOT NULL CHECK (kind IN ('part','labour','travel','expense')),
            description text NOT NULL,
            amount bigint NOT NULL CHECK (amount >= 0),
            sku text REFERENCES item(sku),
            quantity bigint CHECK (quantity >= 0),
            bin text REFERENCES bin(id),
            category text,
            minutes bigint CHECK (minutes > 0),
            technician text REFERENCES app_user(account),
            classification text CHECK (classification IN ('warranty','contract','billable','goodwill')),
            reason_code text,
            created_at bigint,
            UNIQUE (case_id, number)
        );
        CREATE TABLE billing_outcome (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            kind text NOT NULL CHECK (kind IN ('warranty-confirmation','contract-debit','invoice-trigger')),
            active bigint NOT NULL DEFAULT 1,
            contract text REFERENCES contract(number),
            total bigint NOT NULL,
            debit_kind text CHECK (debit_kind IN ('minutes','money')),
            debit bigint,
            claim text NOT NULL DEFAULT 'none' CHECK (claim IN ('none','open','accepted','rejected')),
            created_by text NOT NULL,
            created_at bigint NOT NULL
        );
        CREATE INDEX outcome_case ON billing_outcome(case_id, active);
        CREATE TABLE outcome_portion (
            outcome_id bigint NOT NULL REFERENCES billing_outcome(id),
            line_id bigint NOT NULL REFERENCES case_line(id),
            kind text NOT NULL CHECK (kind IN ('covered','goodwill','customer')),
            amount bigint NOT NULL CHECK (amount > 0),
            PRIMARY KEY (outcome_id, line_id, kind)
        );
        CREATE INDEX portion_line ON outcome_portion(line_id);
        CREATE TABLE stock (
            sku text NOT NULL REFERENCES item(sku),
            bin text NOT NULL REFERENCES bin(id),
            on_hand bigint NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
            reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
            PRIMARY KEY (sku, bin)
        );
        CREATE INDEX stock_bin ON stock(bin);
        CREATE TABLE stock_valuation (
            sku text PRIMARY KEY NOT NULL REFERENCES item(sku),
            quantity bigint NOT NULL DEFAULT 0 CHECK (quantity >= 0),
            value bigint NOT NULL DEFAULT 0
        );
        CREATE TABLE reservation (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            visit_id bigint,
            sku text NOT NULL REFERENCES item(sku),
            bin text NOT NULL REFERENCES bin(id),
            quantity bigint NOT NULL CHECK (quantity >= 0),
            used bigint NOT NULL DEFAULT 0 CHECK (used >= 0),
            released bigint NOT NULL DEFAULT 0 CHECK (released >= 0),
            cancelled bigint NOT NULL DEFAULT 0,
            created_by text NOT NULL,
            created_at bigint NOT NULL,
            CHECK (used + released <= quantity)
        );
        CREATE INDEX reservation_case ON reservation(case_id);
        CREATE INDEX reservation_open ON reservation(sku, bin) WHERE used + released < quantity;
        CREATE TABLE override_request (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            kind text NOT NULL CHECK (kind IN ('goodwill','cover-object','waive-deductible','extend-cap','reopen','release-reservation')),
            line_id bigint REFERENCES case_line(id),
            contract text REFERENCES contract(number),
            amount bigint CHECK (amount > 0),
            reason_code text NOT NULL,
            note text NOT NULL,
            requested_by text NOT NULL,
            requested_at bigint NOT NULL,
            status text NOT NULL CHECK (status IN ('pending','approved','rejected')),
            decided_by text,
            decided_at bigint,
            decision_note text,
            reservation_id bigint REFERENCES reservation(id),
            quantity bigint CHECK (quantity > 0),
            for_case bigint REFERENCES service_case(id)
        );
        CREATE INDEX override_status ON override_request(status, case_id);
        CREATE INDEX override_case ON override_request(case_id);
        CREATE TABLE audit_entry (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at bigint NOT NULL,
            account text NOT NULL,
            acting_as text,
            kind text NOT NULL CHECK (kind IN ('command','undo','redo','security')),
            command text NOT NULL,
            case_id bigint,
            message text NOT NULL DEFAULT '',
            changes text NOT NULL DEFAULT '[]',
            prev_hash text NOT NULL DEFAULT '',
            hash text NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_case ON audit_entry(case_id);
        CREATE TABLE audit_subject (
            subject text NOT NULL,
            entry_id bigint NOT NULL REFERENCES audit_entry(id),
            PRIMARY KEY (subject, entry_id)
        );
        CREATE TABLE undo_entry (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            account text NOT NULL,
            label text NOT NULL,
            case_id bigint,
            changes text NOT NULL,
            state text NOT NULL CHECK (state IN ('done','undone')),
            final bigint NOT NULL DEFAULT 0,
            at bigint NOT NULL,
            ops text
        );
        CREATE INDEX undo_account ON undo_entry(account, state, id);
        CREATE TABLE stock_movement (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at bigint NOT NULL,
            account text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('receipt','transfer-out','transfer-in','reservation','release','issue',
                'return','core-return','refurbish-out','refurbish-in','scrap','adjustment')),
            sku text NOT NULL,
            bin text NOT NULL,
            on_hand_delta bigint NOT NULL,
            reserved_delta bigint NOT NULL,
            unit_cost bigint NOT NULL,
            value bigint NOT NULL,
            case_id bigint,
            line_id bigint,
            reservation_id bigint,
            reason_code text,
            note text NOT NULL DEFAULT ''
        );
        CREATE INDEX movement_item_bin ON stock_movement(sku, bin);
        CREATE INDEX movement_line ON stock_movement(line_id);
        CREATE INDEX movement_case ON stock_movement(case_id);
        CREATE INDEX movement_at ON stock_movement(at);
        CREATE TABLE export_batch (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at bigint NOT NULL,
            account text NOT NULL,
            format text NOT NULL CHECK (format IN ('jsonl','csv')),
            path text NOT NULL,
            count bigint NOT NULL,
            total bigint NOT NULL,
            audit_entry bigint,
            audit_hash text,
            written bigint NOT NULL DEFAULT 1
        );
        CREATE TABLE case_state (
            case_id bigint PRIMARY KEY REFERENCES service_case(id) ON DELETE CASCADE,
            entitlement text,
            entitlement_ok bigint NOT NULL DEFAULT 0,
            failing bigint NOT NULL,
            failed text NOT NULL DEFAULT '',
            checks text,
            CHECK (checks IS NOT NULL OR failed = '')
        );
        CREATE INDEX case_state_failing ON case_state(failing) WHERE failing > 0;
        CREATE TABLE terms_snapshot (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            terms text NOT NULL UNIQUE
        );
        CREATE TABLE entitlement_check (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            outcome text NOT NULL CHECK (outcome IN ('warranty','contract','chargeable')),
            source_kind text NOT NULL CHECK (source_kind IN ('asset-warranty','generic-warranty','contract','none')),
            source_id text,
            terms_id bigint NOT NULL REFERENCES terms_snapshot(id),
            limits text NOT NULL,
            response_hours bigint,
            trail text NOT NULL,
            on_date text NOT NULL,
            verified_by text NOT NULL,
            verified_at bigint NOT NULL
        );
        CREATE INDEX entitlement_case ON entitlement_check(case_id, id);
        CREATE TABLE posting (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_id bigint NOT NULL REFERENCES service_case(id),
            closing bigint NOT NULL,
            kind_code bigint NOT NULL CHECK (kind_code BETWEEN 0 AND 8),
            -- PostgreSQL computes a generated column when the row is written (STORED); SQLite's is
            -- VIRTUAL. The same text either way, from the same code.
            kind text NOT NULL GENERATED ALWAYS AS (CASE kind_code WHEN 0 THEN 'revenue' WHEN 1 THEN 'warranty-cost'
              WHEN 2 THEN 'goodwill-cost' WHEN 3 THEN 'contract-consumption' WHEN 4 THEN 'stock-issue'
              WHEN 5 THEN 'core-credit' WHEN 6 THEN 'core-charge' WHEN 7 THEN 'claim-accepted'
              WHEN 8 THEN 'claim-rejected' END) STORED,
            amount bigint NOT NULL,
            reverses bigint REFERENCES posting(id),
            outcome_id bigint,
            line_id bigint,
            contract text,
            sku text,
            quantity bigint,
            key_ref bigint,
            key_closing bigint NOT NULL DEFAULT 0,
            key_count bigint NOT NULL DEFAULT 0,
            key_reopening bigint NOT NULL DEFAULT 0,
            idempotency_key text,
            at bigint NOT NULL,
            account text NOT NULL,
            batch_id bigint REFERENCES export_batch(id),
            CHECK ((key_ref IS NULL) = (idempotency_key IS NOT NULL))
        );
        CREATE UNIQUE INDEX posting_key ON posting(case_id, kind_code, key_ref, key_closing, key_count, key_reopening);
        CREATE UNIQUE INDEX posting_key_text ON posting(idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX posting_unexported ON posting(id) WHERE batch_id IS NULL;
        CREATE INDEX posting_batch ON posting(batch_id) WHERE batch_id IS NOT NULL;
        CREATE INDEX posting_outcome ON posting(outcome_id) WHERE outcome_id IS NOT NULL;
        CREATE INDEX posting_reverses ON posting(reverses) WHERE reverses IS NOT NULL;

        -- The append-only guards: the same refusals, in the same words, as SQLite's triggers.
        CREATE FUNCTION casebench_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('the stock ledger is append-only: correct it with a new movement');
        CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('the stock ledger is append-only: correct it with a new movement');
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_entry FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('the audit trail is append-only');
        CREATE TRIGGER audit_no_edit BEFORE UPDATE ON audit_entry FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('the audit trail is append-only');
        CREATE TRIGGER terms_snapshot_no_edit BEFORE UPDATE ON terms_snapshot FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('a terms snapshot never changes: checks refer to it');
        CREATE TRIGGER terms_snapshot_no_delete BEFORE DELETE ON terms_snapshot FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('a terms snapshot is never deleted: checks refer to it');
        CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting FOR EACH ROW
            EXECUTE FUNCTION casebench_refuse('postings are never deleted: a reopen reverses them');
        -- Only the export may write a posting again, and only its batch.
        CREATE TRIGGER posting_no_edit BEFORE UPDATE ON posting FOR EACH ROW
            WHEN (NOT (old.batch_id IS NULL AND new.batch_id IS NOT NULL AND old.id = new.id AND old.case_id = new.case_id
                AND old.kind_code = new.kind_code AND old.amount = new.amount
                AND old.idempotency_key IS NOT DISTINCT FROM new.idempotency_key
                AND old.key_ref IS NOT DISTINCT FROM new.key_ref AND old.key_closing = new.key_closing
                AND old.key_count = new.key_count AND old.key_reopening = new.key_reopening))
            EXECUTE FUNCTION casebench_refuse('postings are never edited: a reopen reverses them');
        """

    /// The tables, in the order they are made: a table's rows may refer only to those before it
    /// (and to its own earlier rows), so a copy in this order meets every foreign key.
    static let tables: [String] = script.split(separator: "\n").compactMap { line in
        guard line.hasPrefix("CREATE TABLE ") else { return nil }
        return String(line.dropFirst("CREATE TABLE ".count).prefix { $0 != " " && $0 != "(" })
    }

    /// Creates the baseline in `connection`'s database (its first schema on the search path), in
    /// one transaction, recording the SQLite migrations it stands for; refused into a database
    /// that already has tables there.
    static func create(on connection: PostgresConnection) throws {
        try connection.transaction { try createSchema(in: $0, named: "the database") }
    }

    /// Refuses a database (its schema on the search path) that has tables: Casebench makes its
    /// schema only in an empty one. `name` is how the refusal names the database.
    static func refuseTables(in connection: PostgresConnection, named name: String) throws {
        let existing = try connection.execute(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()")
        let count = existing.integer(0, "n") ?? 0
        guard count == 0 else {
            throw PostgresError(
                sqlState: nil,
                message: "\(name) already has \(count) tables: Casebench makes its schema only in an empty database; "
                    + "nothing was written")
        }
    }

    /// `create`'s work, inside a transaction the caller holds; `name` is how a refusal names the
    /// database.
    static func createSchema(in tx: PostgresConnection, named name: String) throws {
        try refuseTables(in: tx, named: name)
        try tx.executeScript(script)
        let identifiers = Schema.migrator.migrations
        let through = identifiers.firstIndex(of: migration) ?? identifiers.count - 1
        for identifier in identifiers.prefix(through: through) where !Schema.sqliteOnly.contains(identifier) {
            try tx.execute("INSERT INTO schema_migration VALUES ($1)", [.text(identifier)])
        }
    }
}
