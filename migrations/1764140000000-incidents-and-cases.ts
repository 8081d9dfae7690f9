import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_SETTINGS, rlsPolicyStatements } from '../src/policy/rls-policy';

/** A setting as NULL when unset or emptied (a pooled connection after SET LOCAL ended); InitPlan, once per query. */
const setting = (name: string) => `(SELECT NULLIF(current_setting('${name}', true), ''))`;
const ME = `(SELECT CAST(${setting(ACTOR_SETTINGS.partnerId)} AS uuid))`;
const ACTIVE = `${setting(ACTOR_SETTINGS.active)} = 'true'`;
const HOME = `${setting(ACTOR_SETTINGS.partnerKind)} = 'HOME'`;
const OWN_WRITE = `COALESCE(${ACTIVE} AND owner_partner_id = ${ME}, FALSE)`;
const HOME_ONLY = `COALESCE(${ACTIVE} AND ${HOME}, FALSE)`;
const SHARING = `
  tlp text NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  audience_partners uuid[] NULL,
  audience_groups text[] NULL,
  owner_partner_id uuid NOT NULL REFERENCES partners (id)`;

/**
 * Incidents and their notes, police cases with their frozen evidence, and advisories
 * (docs/incidents-and-cases.md). Incidents, notes and advisories are shared by the sharing policy
 * (RLS for cx_app); a note is visible only when its incident is too. Cases are HOME's and the
 * referred law-enforcement partner's; which of that partner's clients hold access is the service's
 * check (the session knows the partner, not the client).
 */
export class IncidentsAndCases1764140000000 implements MigrationInterface {
  name = 'IncidentsAndCases1764140000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per year; `INSERT … ON CONFLICT DO UPDATE … RETURNING` takes the row lock, so two
    // concurrent incidents never get the same number and a rolled-back one leaves a gap, never a repeat.
    await q.query(`CREATE TABLE incident_counters (year int PRIMARY KEY CHECK (year BETWEEN 1970 AND 9999), last_value int NOT NULL)`);

    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial UNIQUE,
        reference text NOT NULL UNIQUE,
        title text NOT NULL,
        description text NULL,
        category text NOT NULL CHECK (category IN ('VIRUS', 'SECURITY', 'OTHER')),
        subcategory text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        source text NOT NULL CHECK (source IN ('REPORTED', 'PROACTIVE')),
        reporter text NULL,
        affected_organisation text NULL,
        status text NOT NULL CHECK (status IN ('REPORTED', 'TRIAGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED')),
        assignee text NULL,
        linked_refs text[] NOT NULL DEFAULT '{}',
        stix_id text NOT NULL UNIQUE,
        stix_modified timestamptz(3) NOT NULL,
        exercise boolean NOT NULL DEFAULT false,
        transitions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(transitions) = 'array'),
        reported_at timestamptz NOT NULL,
        triaged_at timestamptz NULL,
        in_progress_at timestamptz NULL,
        resolved_at timestamptz NULL,
        closed_at timestamptz NULL,
        rejected_at timestamptz NULL,
        reopened_at timestamptz NULL,
        updated_at timestamptz NOT NULL,
        created_by_client_id text NOT NULL,${SHARING}
      )`);
    // Statistics read one year of real (non-exercise) incidents; lists page newest first on seq.
    await q.query(`CREATE INDEX incidents_statistics ON incidents (reported_at) INCLUDE (category, subcategory, source, tlp, owner_partner_id) WHERE NOT exercise`);
    await q.query(`CREATE INDEX incidents_status ON incidents (status, seq)`);
    await q.query(`CREATE INDEX incidents_category ON incidents (category, seq)`);

    await q.query(`
      CREATE TABLE incident_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial UNIQUE,
        incident_id uuid NOT NULL REFERENCES incidents (id),
        parent_id uuid NULL REFERENCES incident_notes (id),
        abstract text NULL,
        content text NOT NULL,
        stix_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        author_client_id text NOT NULL,${SHARING}
      )`);
    await q.query(`CREATE INDEX incident_notes_incident ON incident_notes (incident_id, seq)`);

    await q.query(`
      CREATE TABLE police_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial UNIQUE,
        case_number text NOT NULL UNIQUE,
        law_partner_id uuid NOT NULL REFERENCES partners (id),
        legal_basis text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'SUSPENDED', 'CLOSED')),
        granted_client_ids text[] NOT NULL DEFAULT '{}',
        revision int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        owner_partner_id uuid NOT NULL REFERENCES partners (id),
        created_by_client_id text NOT NULL
      )`);
    // Evidence is frozen when referred: the bytes HOME chose are the bytes exported, however the
    // originals change or whatever their marking says later.
    await q.query(`
      CREATE TABLE police_case_items (
        case_id uuid NOT NULL REFERENCES police_cases (id),
        position int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('incident', 'note', 'stix')),
        ref_id text NOT NULL,
        stix_id text NOT NULL,
        object jsonb NOT NULL CHECK (jsonb_typeof(object) = 'object'),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, stix_id)
      )`);

    await q.query(`
      CREATE TABLE advisories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial UNIQUE,
        stix_id text NOT NULL UNIQUE,
        title text NOT NULL,
        cves text[] NOT NULL DEFAULT '{}',
        published_at timestamptz NOT NULL DEFAULT now(),${SHARING}
      )`);
    await q.query(`CREATE INDEX advisories_published ON advisories (published_at)`);

    for (const table of ['incidents', 'incident_notes', 'advisories']) {
      for (const statement of rlsPolicyStatements(table)) await q.query(statement);
      await q.query(`CREATE POLICY ${table}_insert ON ${table} FOR INSERT TO cx_app WITH CHECK (${OWN_WRITE})`);
    }
    // A note is never more visible than its incident (the sub-select runs under the incidents policy).
    await q.query(`CREATE POLICY incident_notes_incident ON incident_notes AS RESTRICTIVE FOR SELECT TO cx_app USING (EXISTS (SELECT 1 FROM incidents i WHERE i.id = incident_id))`);
    // The owner and HOME handle an incident; nobody may hand it to another owner.
    const handles = `COALESCE(${ACTIVE} AND (${HOME} OR owner_partner_id = ${ME}), FALSE)`;
    await q.query(`CREATE POLICY incidents_update ON incidents FOR UPDATE TO cx_app USING (${handles}) WITH CHECK (${handles})`);

    await q.query(`ALTER TABLE police_cases ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY police_cases_visible ON police_cases FOR SELECT TO cx_app USING (COALESCE(${ACTIVE} AND (${HOME} OR law_partner_id = ${ME}), FALSE))`);
    await q.query(`CREATE POLICY police_cases_insert ON police_cases FOR INSERT TO cx_app WITH CHECK (${HOME_ONLY})`);
    await q.query(`CREATE POLICY police_cases_update ON police_cases FOR UPDATE TO cx_app USING (${HOME_ONLY}) WITH CHECK (${HOME_ONLY})`);
    await q.query(`ALTER TABLE police_case_items ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY police_case_items_visible ON police_case_items FOR SELECT TO cx_app USING (EXISTS (SELECT 1 FROM police_cases c WHERE c.id = case_id))`);
    await q.query(`CREATE POLICY police_case_items_insert ON police_case_items FOR INSERT TO cx_app WITH CHECK (${HOME_ONLY})`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON incident_counters TO cx_app`);
    await q.query(`GRANT SELECT, INSERT ON incidents, incident_notes, police_cases, police_case_items, advisories TO cx_app`);
    await q.query(
      `GRANT UPDATE (title, description, category, subcategory, severity, reporter, affected_organisation, status, assignee, linked_refs, stix_modified,` +
        ` transitions, triaged_at, in_progress_at, resolved_at, closed_at, rejected_at, reopened_at, updated_at, tlp, audience_partners, audience_groups) ON incidents TO cx_app`,
    );
    await q.query(`GRANT UPDATE (status, granted_client_ids, revision, updated_at, legal_basis) ON police_cases TO cx_app`);
    await q.query(`GRANT USAGE ON SEQUENCE incidents_seq_seq, incident_notes_seq_seq, police_cases_seq_seq, advisories_seq_seq TO cx_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE advisories`);
    await q.query(`DROP TABLE police_case_items`);
    await q.query(`DROP TABLE police_cases`);
    await q.query(`DROP TABLE incident_notes`);
    await q.query(`DROP TABLE incidents`);
    await q.query(`DROP TABLE incident_counters`);
  }
}
