// Team workspace schema, version 2: claims (a lease on a case: only its holder may change it; a senior may release
// anyone's, and that is audited) and the live queue (NOTIFY on new cases, status, decision and claim changes).
export const version = 2
export const name = 'claims and live queue'

export const sql = String.raw`
ALTER TABLE cases ADD COLUMN claimed_by text, ADD COLUMN claim_expires_at timestamptz;
-- "Next case": the open cases in the team's order (oldest first).
CREATE INDEX cases_open ON cases (created_at, id) WHERE decision IS NULL OR decision = 'second_review';
GRANT INSERT (claimed_by, claim_expires_at), UPDATE (claimed_by, claim_expires_at) ON cases TO recto_reviewer;

-- From now on a case's records change only under the writer's own live claim. FOR SHARE holds the claim steady
-- until the writing transaction ends (a claim change waits for it).
CREATE OR REPLACE FUNCTION recto_require_writable(c uuid) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
  holder text;
  until timestamptz;
BEGIN
  SELECT claimed_by, claim_expires_at INTO holder, until FROM cases WHERE id = c FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'There is no such case.' USING ERRCODE = 'RX003';
  ELSIF holder IS NULL OR until <= now() THEN
    RAISE EXCEPTION 'Claim this case before changing it.' USING ERRCODE = 'RX003';
  ELSIF holder <> session_user THEN
    RAISE EXCEPTION 'In review by %: the case cannot be changed while they hold it.', holder USING ERRCODE = 'RX003';
  END IF;
END $f$;

-- A claim as a case row sets it (new case or changed claim): none (no end either), or the writer's own with an end
-- at most a day away. Returns the end to store.
CREATE FUNCTION recto_claim_end(holder text, until timestamptz) RETURNS timestamptz LANGUAGE plpgsql AS $f$
BEGIN
  IF holder IS NULL THEN
    RETURN NULL;
  ELSIF holder <> session_user THEN
    RAISE EXCEPTION 'A case can be claimed only by the login claiming it.' USING ERRCODE = 'RX003';
  ELSIF until IS NULL OR until > now() + interval '1 day' THEN
    RAISE EXCEPTION 'A claim needs an end, at most a day away.' USING ERRCODE = 'RX003';
  END IF;
  RETURN until;
END $f$;

CREATE OR REPLACE FUNCTION recto_cases_before() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  content_changed boolean;
  claim_changed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := session_user;
    NEW.created_at := now();
    NEW.updated_at := now();
    NEW.version := 1;
    NEW.decision := NULL;
    NEW.decided_by := NULL;
    NEW.decided_at := NULL;
    NEW.claim_expires_at := recto_claim_end(NEW.claimed_by, NEW.claim_expires_at);
    RETURN NEW;
  END IF;
  NEW.created_by := OLD.created_by;
  NEW.created_at := OLD.created_at;
  content_changed := (NEW.doc, NEW.name, NEW.status, NEW.issuing_country, NEW.id_type)
    IS DISTINCT FROM (OLD.doc, OLD.name, OLD.status, OLD.issuing_country, OLD.id_type);
  claim_changed := (NEW.claimed_by, NEW.claim_expires_at) IS DISTINCT FROM (OLD.claimed_by, OLD.claim_expires_at);

  IF OLD.claimed_by IS NOT NULL AND OLD.claimed_by <> session_user AND OLD.claim_expires_at > now()
      AND (content_changed OR claim_changed) THEN
    IF NOT content_changed AND NEW.claimed_by IS NULL AND pg_has_role(session_user, 'recto_senior', 'MEMBER') THEN
      NEW.claim_expires_at := NULL;
      INSERT INTO audit (case_id, type, details)
        VALUES (OLD.id, 'claim_released', jsonb_build_object('heldBy', OLD.claimed_by));
    ELSE
      RAISE EXCEPTION 'In review by %: the case cannot be changed while they hold it.', OLD.claimed_by
        USING ERRCODE = 'RX003';
    END IF;
  ELSIF claim_changed THEN
    NEW.claim_expires_at := recto_claim_end(NEW.claimed_by, NEW.claim_expires_at);
  END IF;

  IF content_changed THEN
    IF NEW.claimed_by IS DISTINCT FROM session_user OR NEW.claim_expires_at <= now() THEN
      RAISE EXCEPTION 'Claim this case before changing it.' USING ERRCODE = 'RX003';
    END IF;
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END $f$;

-- Ids, never rows: a payload stays far below NOTIFY's 8000-byte cap, and no personal data goes to listeners.
CREATE FUNCTION recto_cases_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR (NEW.status, NEW.decision, NEW.claimed_by)
      IS DISTINCT FROM (OLD.status, OLD.decision, OLD.claimed_by) THEN
    PERFORM pg_notify('recto_cases', json_build_object('op', lower(TG_OP), 'id', NEW.id, 'status', NEW.status,
      'decision', NEW.decision, 'claimedBy', NEW.claimed_by)::text);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION recto_cases_notify();
`
