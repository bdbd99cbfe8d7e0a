// Team workspace schema, version 1: the roles, the tables (cases, field edits, checks, decisions, images, audit),
// the grants, and the triggers that make the server, not the client, the authority on who did what: session_user is
// recorded by triggers, four-eyes and "approve with failed checks" are checked on every decision, the audit log is
// append-only and hash-chained. Frozen once released: a change is a new migration.
export const version = 1
export const name = 'schema and roles'

export const sql = String.raw`
-- Group roles are cluster-wide, so other databases (or a concurrent migration elsewhere) may have made them already.
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['recto_reviewer', 'recto_senior', 'recto_admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END LOOP;
  IF NOT pg_has_role('recto_senior', 'recto_reviewer', 'MEMBER') THEN
    BEGIN
      GRANT recto_reviewer TO recto_senior;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END $$;

CREATE TABLE team_settings (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  four_eyes boolean NOT NULL DEFAULT true
);
INSERT INTO team_settings DEFAULT VALUES;

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  name text NOT NULL DEFAULT '' CHECK (length(name) <= 500),
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'queued', 'sending', 'recognised', 'failed', 'interrupted')),
  issuing_country text CHECK (issuing_country ~ '^[A-Z]{3}$'),
  id_type text CHECK (length(id_type) <= 40),
  decision text CHECK (decision IN ('approved', 'rejected', 'second_review')),
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL DEFAULT session_user,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  doc jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(doc) = 'object')
);
CREATE INDEX cases_queue ON cases (created_at, id);

CREATE TABLE field_edits (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  at timestamptz NOT NULL DEFAULT now(),
  edited_by text NOT NULL DEFAULT session_user,
  field_key text NOT NULL CHECK (length(field_key) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('value', 'quad', 'side', 'verified', 'add', 'delete', 'other')),
  before jsonb,
  after jsonb
);
CREATE INDEX field_edits_case ON field_edits (case_id, edited_by);

CREATE TABLE checks (
  case_id uuid NOT NULL REFERENCES cases (id),
  check_id text NOT NULL CHECK (length(check_id) BETWEEN 1 AND 200),
  status text NOT NULL CHECK (status IN ('pass', 'fail', 'warn', 'skip')),
  detail jsonb NOT NULL DEFAULT '{}',
  checked_at timestamptz NOT NULL DEFAULT now(),
  checked_by text NOT NULL DEFAULT session_user,
  PRIMARY KEY (case_id, check_id)
);

CREATE TABLE decisions (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('approved', 'rejected', 'second_review')),
  reason text CHECK (reason IN ('Document expired', 'Image unreadable or incomplete',
    'Suspected tampering or forgery', 'Data does not match the document', 'Document type not accepted',
    'Duplicate submission', 'Other')),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  checks_override jsonb,
  decided_by text NOT NULL DEFAULT session_user,
  decided_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reject_needs_reason CHECK (kind <> 'rejected' OR reason IS NOT NULL),
  CONSTRAINT reason_only_on_reject CHECK (kind = 'rejected' OR reason IS NULL),
  CONSTRAINT other_needs_note CHECK (reason IS DISTINCT FROM 'Other' OR btrim(note) <> '')
);
CREATE INDEX decisions_case ON decisions (case_id, id);

CREATE TABLE images (
  case_id uuid NOT NULL REFERENCES cases (id),
  side text NOT NULL CHECK (side IN ('front', 'back')),
  media_type text NOT NULL CHECK (media_type ~ '^image/[a-z0-9.+-]{1,40}$'),
  bytes bytea NOT NULL,
  -- The server checks the hash it stores: a client cannot file bytes under another image's hash.
  sha256 text NOT NULL CHECK (sha256 = encode(sha256(bytes), 'hex')),
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by text NOT NULL DEFAULT session_user,
  PRIMARY KEY (case_id, side)
);
-- Scans are already compressed: do not spend CPU compressing them again.
ALTER TABLE images ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE audit (
  seq bigserial PRIMARY KEY,
  case_id uuid REFERENCES cases (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL DEFAULT session_user,
  type text NOT NULL CHECK (type ~ '^[a-z_]{1,64}$'),
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text,
  hash text NOT NULL DEFAULT ''
);
CREATE INDEX audit_case ON audit (case_id, seq);

-- One link of the chain. jsonb's text form is canonical, and the time is written in UTC, so the hash does not
-- depend on the session's settings.
CREATE FUNCTION recto_audit_hash(prev text, seq bigint, case_id uuid, at timestamptz, actor text, type text,
  details jsonb) RETURNS text LANGUAGE sql STABLE AS $f$
  SELECT encode(sha256(convert_to(concat_ws('|', coalesce(prev, ''), seq::text, coalesce(case_id::text, ''),
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, type, details::text), 'UTF8')), 'hex')
$f$;

-- The server, not the client, says who and when, and links the entry to the case's previous one. The lock per case
-- orders concurrent writers, and the sequence number is drawn under it, so seq order is chain order.
CREATE FUNCTION recto_audit_before_insert() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_advisory_xact_lock(7310, hashtext(coalesce(NEW.case_id::text, '')));
  NEW.seq := nextval(pg_get_serial_sequence('audit', 'seq'));
  NEW.actor := session_user;
  NEW.at := now();
  IF NEW.case_id IS NULL THEN
    SELECT a.hash INTO NEW.prev_hash FROM audit a WHERE a.case_id IS NULL ORDER BY a.seq DESC LIMIT 1;
  ELSE
    SELECT a.hash INTO NEW.prev_hash FROM audit a WHERE a.case_id = NEW.case_id ORDER BY a.seq DESC LIMIT 1;
  END IF;
  NEW.hash := recto_audit_hash(NEW.prev_hash, NEW.seq, NEW.case_id, NEW.at, NEW.actor, NEW.type, NEW.details);
  RETURN NEW;
END $f$;
CREATE TRIGGER audit_before_insert BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION recto_audit_before_insert();

-- Append-only for everyone but the table's owner (who could drop the trigger anyway): grants alone would not stop a
-- role someone later grants too much.
CREATE FUNCTION recto_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF session_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
    RAISE EXCEPTION 'The audit log is append-only: % of audit entries is refused.', lower(TG_OP)
      USING ERRCODE = 'RX004';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION recto_audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION recto_audit_append_only();

-- Who may change a case's records. Version 1: any reviewer (claims come in version 2).
CREATE FUNCTION recto_require_writable(c uuid) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM 1 FROM cases WHERE id = c FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION 'There is no such case.' USING ERRCODE = 'RX003'; END IF;
END $f$;

CREATE FUNCTION recto_cases_before() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := session_user;
    NEW.created_at := now();
    NEW.updated_at := now();
    NEW.version := 1;
    NEW.decision := NULL;
    NEW.decided_by := NULL;
    NEW.decided_at := NULL;
    RETURN NEW;
  END IF;
  NEW.created_by := OLD.created_by;
  NEW.created_at := OLD.created_at;
  IF (NEW.doc, NEW.name, NEW.status, NEW.issuing_country, NEW.id_type)
      IS DISTINCT FROM (OLD.doc, OLD.name, OLD.status, OLD.issuing_country, OLD.id_type) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER cases_before BEFORE INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION recto_cases_before();

CREATE FUNCTION recto_cases_created() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO audit (case_id, type, details) VALUES (NEW.id, 'case_created', '{}');
  RETURN NULL;
END $f$;
CREATE TRIGGER cases_created AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION recto_cases_created();

-- Child records: the writer must be allowed to change the case, and the server records who and when.
CREATE FUNCTION recto_child_before() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM recto_require_writable(NEW.case_id);
  IF TG_TABLE_NAME = 'field_edits' THEN
    NEW.edited_by := session_user; NEW.at := now();
  ELSIF TG_TABLE_NAME = 'checks' THEN
    NEW.checked_by := session_user; NEW.checked_at := now();
  ELSIF TG_TABLE_NAME = 'images' THEN
    NEW.added_by := session_user; NEW.added_at := now();
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER field_edits_before BEFORE INSERT ON field_edits FOR EACH ROW EXECUTE FUNCTION recto_child_before();
CREATE TRIGGER checks_before BEFORE INSERT OR UPDATE ON checks FOR EACH ROW EXECUTE FUNCTION recto_child_before();
CREATE TRIGGER images_before BEFORE INSERT ON images FOR EACH ROW EXECUTE FUNCTION recto_child_before();

CREATE FUNCTION recto_field_edited() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO audit (case_id, type, details) VALUES (NEW.case_id, 'field_edited',
    jsonb_build_object('editId', NEW.id, 'key', NEW.field_key, 'kind', NEW.kind, 'before', NEW.before,
      'after', NEW.after));
  RETURN NULL;
END $f$;
CREATE TRIGGER field_edited AFTER INSERT ON field_edits FOR EACH ROW EXECUTE FUNCTION recto_field_edited();

-- The decision rules of shared/review-rules.ts that are about who and what, enforced whatever the client does:
-- four-eyes (no approval by a login that corrected the case: any edit but "verified"), approve only a recognised
-- case, and "approve with failed checks" only with a written reason, which, under four-eyes, one login requests
-- (second_review with the override) and another confirms. The failing checks recorded are the server's list.
CREATE FUNCTION recto_decisions_before() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  c_status text;
  four boolean;
  failing text[];
  asked_kind text;
  asked_by text;
  asked_override jsonb;
BEGIN
  NEW.decided_by := session_user;
  NEW.decided_at := now();
  PERFORM recto_require_writable(NEW.case_id);
  SELECT status INTO c_status FROM cases WHERE id = NEW.case_id;
  SELECT four_eyes INTO four FROM team_settings;
  SELECT coalesce(array_agg(check_id ORDER BY check_id), '{}') INTO failing
    FROM checks WHERE case_id = NEW.case_id AND status = 'fail';
  IF NEW.kind = 'rejected' OR cardinality(failing) = 0 THEN
    NEW.checks_override := NULL;
  ELSIF NEW.checks_override IS NOT NULL THEN
    IF btrim(coalesce(NEW.checks_override ->> 'reason', '')) = '' THEN
      RAISE EXCEPTION 'Write why you approve although checks fail: the reason is recorded.' USING ERRCODE = 'RX002';
    END IF;
    NEW.checks_override := jsonb_build_object('checks', to_jsonb(failing),
      'reason', left(NEW.checks_override ->> 'reason', 2000));
  END IF;
  IF NEW.kind <> 'approved' THEN RETURN NEW; END IF;

  IF c_status <> 'recognised' THEN
    RAISE EXCEPTION 'Recognize this case before approving it: there is nothing to approve yet.' USING ERRCODE = 'RX002';
  END IF;
  IF cardinality(failing) > 0 THEN
    IF NEW.checks_override IS NULL THEN
      RAISE EXCEPTION 'Approve refused: % check(s) fail (%). Fix what is wrong, or approve with failed checks and write why.',
        cardinality(failing), array_to_string(failing[1:4], ', ') USING ERRCODE = 'RX002';
    END IF;
    IF four THEN
      SELECT kind, decided_by, checks_override INTO asked_kind, asked_by, asked_override
        FROM decisions WHERE case_id = NEW.case_id ORDER BY id DESC LIMIT 1;
      IF asked_kind IS DISTINCT FROM 'second_review' OR asked_override IS NULL THEN
        RAISE EXCEPTION 'Four-eyes rule: approving with failed checks needs a second reviewer. Send it for second review with your reason.'
          USING ERRCODE = 'RX001';
      ELSIF asked_by = session_user THEN
        RAISE EXCEPTION 'Four-eyes rule: you asked to approve this case with failed checks, so another reviewer must confirm it.'
          USING ERRCODE = 'RX001';
      END IF;
    END IF;
  END IF;
  IF four AND EXISTS (SELECT 1 FROM field_edits
      WHERE case_id = NEW.case_id AND edited_by = session_user AND kind <> 'verified') THEN
    RAISE EXCEPTION 'Four-eyes rule: you corrected this case, so another reviewer must approve it. Send it for second review instead.'
      USING ERRCODE = 'RX001';
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER decisions_before BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION recto_decisions_before();

-- Runs as the owner: reviewers may not set a case's decision columns themselves, only through a decision row.
CREATE FUNCTION recto_decided() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
  UPDATE cases SET decision = NEW.kind, decided_by = NEW.decided_by, decided_at = NEW.decided_at
    WHERE id = NEW.case_id;
  INSERT INTO audit (case_id, type, details) VALUES (NEW.case_id, 'decision',
    jsonb_build_object('decisionId', NEW.id, 'kind', NEW.kind, 'reason', NEW.reason, 'note', NEW.note));
  IF NEW.checks_override IS NOT NULL THEN
    INSERT INTO audit (case_id, type, details) VALUES (NEW.case_id, 'checks_overridden', NEW.checks_override);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER decided AFTER INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION recto_decided();

REVOKE ALL ON team_settings, cases, field_edits, checks, decisions, images, audit FROM PUBLIC;
GRANT SELECT ON recto_schema, team_settings, cases, field_edits, checks, decisions, images, audit
  TO recto_reviewer, recto_admin;
GRANT INSERT (id, name, status, issuing_country, id_type, doc) ON cases TO recto_reviewer;
GRANT UPDATE (name, status, issuing_country, id_type, doc) ON cases TO recto_reviewer;
GRANT INSERT (case_id, field_key, kind, before, after) ON field_edits TO recto_reviewer;
GRANT INSERT (case_id, check_id, status, detail), UPDATE (status, detail) ON checks TO recto_reviewer;
GRANT INSERT (case_id, kind, reason, note, checks_override) ON decisions TO recto_reviewer;
GRANT INSERT (case_id, side, media_type, bytes, sha256) ON images TO recto_reviewer;
GRANT INSERT (case_id, type, details) ON audit TO recto_reviewer;
GRANT USAGE ON SEQUENCE field_edits_id_seq, decisions_id_seq, audit_seq_seq TO recto_reviewer;
GRANT UPDATE (four_eyes) ON team_settings TO recto_admin;
`
