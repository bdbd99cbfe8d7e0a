// Team workspace schema, version 3: the queue row of each case (`summary`, what the list shows, written with the
// case by the client that changed it, so opening a queue of 50,000 cases reads one small column), the copies made
// from the images at import (previews, thumbnails: every reviewer opens the same ones), the claim lease as a team
// setting, and changes of a case's content announced too (so another reviewer's open case and list follow an edit).
export const version = 3
export const name = 'queue summaries'

export const sql = String.raw`
ALTER TABLE cases ADD COLUMN summary jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(summary) = 'object');
GRANT INSERT (summary), UPDATE (summary) ON cases TO recto_reviewer;
CREATE INDEX cases_updated ON cases (updated_at);
-- "Next case" takes from the open cases nobody holds, oldest first, without stepping over the ones held (with 50
-- reviewers at work, hundreds sit at the head of the queue); lapsed claims are found by their end and cleared first.
CREATE INDEX cases_unclaimed ON cases (created_at, id)
  WHERE claimed_by IS NULL AND (decision IS NULL OR decision = 'second_review');
CREATE INDEX cases_claim_ends ON cases (claim_expires_at) WHERE claimed_by IS NOT NULL;
-- The duplicate warning at import: cases made from the same bytes, by either side's hash.
CREATE INDEX cases_front_hash ON cases ((summary->'contentHash'->>'front'));
CREATE INDEX cases_back_hash ON cases ((summary->'contentHash'->>'back'));

-- How long a claim lasts without activity: the team's, set by an admin (docs/TEAM.md).
ALTER TABLE team_settings ADD COLUMN claim_lease_seconds integer NOT NULL DEFAULT 900
  CHECK (claim_lease_seconds BETWEEN 60 AND 86400);
GRANT UPDATE (claim_lease_seconds) ON team_settings TO recto_admin;

CREATE TABLE image_copies (
  case_id uuid NOT NULL REFERENCES cases (id),
  name text NOT NULL CHECK (name ~ '^[A-Za-z0-9._-]{1,100}$'),
  bytes bytea NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by text NOT NULL DEFAULT session_user,
  PRIMARY KEY (case_id, name)
);
ALTER TABLE image_copies ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE TRIGGER image_copies_before BEFORE INSERT ON image_copies
  FOR EACH ROW EXECUTE FUNCTION recto_child_before();
REVOKE ALL ON image_copies FROM PUBLIC;
GRANT SELECT ON image_copies TO recto_reviewer, recto_admin;
GRANT INSERT (case_id, name, bytes) ON image_copies TO recto_reviewer;

-- The summary is content: changing it needs the claim and moves the version, like the document it is made from.
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
  content_changed := (NEW.doc, NEW.summary, NEW.name, NEW.status, NEW.issuing_country, NEW.id_type)
    IS DISTINCT FROM (OLD.doc, OLD.summary, OLD.name, OLD.status, OLD.issuing_country, OLD.id_type);
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

-- Any change of a case but a lease renewal is announced (ids and states, never rows).
CREATE OR REPLACE FUNCTION recto_cases_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR (NEW.status, NEW.decision, NEW.claimed_by, NEW.version)
      IS DISTINCT FROM (OLD.status, OLD.decision, OLD.claimed_by, OLD.version) THEN
    PERFORM pg_notify('recto_cases', json_build_object('op', lower(TG_OP), 'id', NEW.id, 'status', NEW.status,
      'decision', NEW.decision, 'claimedBy', NEW.claimed_by)::text);
  END IF;
  RETURN NULL;
END $f$;
`
