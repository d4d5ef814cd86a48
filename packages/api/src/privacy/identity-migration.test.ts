import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { isPersonalIdentityNumber } from './identity-numbers.js';
import { applyMigrations, readMigrations } from '../db/migrate.js';
import { databaseKinds, freshDatabase } from '../test/databases.js';

const MIGRATION = '20261207013814_identity_numbers_out_of_keys';

// Organizations as the API registered them before: keyed "org:<org number>".
const PERSON_SE = '0007:8112289874'; // a sole trader who said so
const PERSON_NO = '0192:15038512363'; // a fødselsnummer whose sender forgot naturalPerson
const SOLE_NO = '0192:912345678'; // a Norwegian sole proprietorship: a natural person, but an org number of its own
const COMPANY = '0192:998877665';

describe.each(databaseKinds)('migration %s on %s', (kind) => {
  let db: Database;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await freshDatabase(kind);
    await applyMigrations(
      db,
      readMigrations().filter((m) => m.name < MIGRATION),
    );
    const [source] = await db.sql.query<{ id: number }>(
      `INSERT INTO source (key, name, publisher, licence, updated_at) VALUES ('farms', 'Farms', 'Tests', 'CC0-1.0', now()) RETURNING id`,
    );
    const org = async (name: string, orgNumber: string, naturalPerson: boolean) => {
      const [row] = await db.sql.query<{ id: number }>(
        `INSERT INTO organization (name, kind, org_number, natural_person, source_id, external_id, updated_at) VALUES ($1, 'PRODUCER_COMPANY', $2, $3, $4, $5, now()) RETURNING id`,
        [name, orgNumber, naturalPerson, source!.id, `org:${orgNumber}`],
      );
      const data = { name, kind: 'PRODUCER_COMPANY', orgNumber, naturalPerson, countryCode: null, municipalityCode: null, website: null };
      await db.sql.query(
        `INSERT INTO change (operation, record_type, record_id, source_id, external_id, version, data) VALUES ('CREATE', 'Organization', $1, $2, $3, 1, $4::jsonb)`,
        [String(row!.id), source!.id, `org:${orgNumber}`, JSON.stringify(data)],
      );
      return Number(row!.id);
    };
    ids.se = await org('Lindqvists grönsaker', PERSON_SE, true);
    ids.no = await org('Haugen gård', PERSON_NO, false);
    ids.sole = await org('Nordre Li Kari Nordmann', SOLE_NO, true);
    ids.company = await org('Gulrotgården AS', COMPANY, false);
    // A producer naming its organization by number, a hub its operator, a merge its survivor's key.
    await db.sql.query(
      `INSERT INTO change (operation, record_type, record_id, source_id, external_id, version, data) VALUES
      ('CREATE', 'Producer', '1', $1, 'farm-se', 1, $2::jsonb),
      ('CREATE', 'Hub', '1', $1, 'hub-1', 1, $3::jsonb),
      ('MERGE', 'Organization', '99', $1, 'org-dup', 2, $4::jsonb)`,
      [
        source!.id,
        JSON.stringify({ name: 'Lindqvists grönsaker', orgNumber: PERSON_SE, naturalPerson: true }),
        JSON.stringify({ name: 'Gårdsbutikken', operatorOrgNumber: PERSON_NO }),
        JSON.stringify({ mergedInto: 'x', survivorSource: 'farms', survivorExternalId: `org:${PERSON_SE}` }),
      ],
    );
    await db.sql.query(
      `INSERT INTO organization_identifier (organization_id, scheme, value, source_id) VALUES ($1, 'iso6523', $2, $3), ($1, 'source:farms', 'org-dup', $3), ($1, 'source:other', $4, $3)`,
      [ids.se, PERSON_SE, source!.id, `org:${PERSON_SE}`],
    );
    // This migration is the first one left to apply (later ones follow it).
    expect((await applyMigrations(db))[0]).toBe(MIGRATION);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('gives natural persons and personal numbers a random key, and makes a personal number a natural person', async () => {
    const orgs = await db.sql.query<{ id: number; external_id: string; natural_person: boolean; org_number: string; version: number }>(
      'SELECT id, external_id, natural_person, org_number, version FROM organization ORDER BY id',
    );
    const by = (id: number) => orgs.find((o) => Number(o.id) === id)!;
    for (const id of [ids.se, ids.no, ids.sole]) {
      expect(by(id!).external_id).toMatch(/^org:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(by(id!).natural_person).toBe(true);
      expect(by(id!).version).toBe(2);
    }
    expect(by(ids.company!)).toMatchObject({ external_id: `org:${COMPANY}`, natural_person: false, version: 1 });
    // The org numbers stay, for finding the organizations again (never published for persons).
    expect(orgs.map((o) => o.org_number)).toEqual([PERSON_SE, PERSON_NO, SOLE_NO, COMPANY]);
  });

  it('keeps an old key that is not an identity number as an identifier, and moves identifiers off personal ones', async () => {
    const identifiers = await db.sql.query<{ organization_id: number; scheme: string; value: string }>(
      'SELECT organization_id, scheme, value FROM organization_identifier ORDER BY scheme, value',
    );
    const [se] = await db.sql.query<{ external_id: string }>('SELECT external_id FROM organization WHERE id = $1', [ids.se]);
    expect(identifiers.map((i) => [Number(i.organization_id), i.scheme, i.value])).toEqual([
      [ids.se, 'iso6523', PERSON_SE],
      [ids.se, 'source:farms', 'org-dup'],
      [ids.sole, 'source:farms', `org:${SOLE_NO}`],
      [ids.se, 'source:other', se!.external_id],
    ]);
  });

  it('purges personal numbers and old personal keys from the change log, and announces the new keys', async () => {
    const log = await db.sql.query<{ operation: string; record_type: string; record_id: string; external_id: string; data: unknown }>(
      'SELECT operation::text AS operation, record_type, record_id, external_id, data FROM change ORDER BY id',
    );
    const text = JSON.stringify(log);
    for (const digits of ['8112289874', '15038512363']) expect(text).not.toContain(digits);
    expect(text).toContain(COMPANY);
    const keys = new Map(
      (await db.sql.query<{ id: number; external_id: string }>('SELECT id, external_id FROM organization')).map((o) => [Number(o.id), o.external_id]),
    );
    // Earlier changes carry the new key; one UPDATE per rekeyed organization publishes it.
    expect(log.filter((c) => c.record_type === 'Organization' && c.operation === 'CREATE').map((c) => c.external_id)).toEqual(
      [ids.se, ids.no, ids.sole, ids.company].map((id) => keys.get(id!)),
    );
    const updates = log.filter((c) => c.operation === 'UPDATE');
    expect(updates.map((c) => [Number(c.record_id), c.external_id])).toEqual([ids.se, ids.no, ids.sole].map((id) => [id, keys.get(id!)]));
    expect(updates.map((c) => (c.data as { orgNumber: string | null; naturalPerson: boolean }).orgNumber)).toEqual([null, null, SOLE_NO]);
    expect(log.find((c) => c.record_type === 'Organization' && c.record_id === String(ids.no) && c.operation === 'CREATE')!.data).toMatchObject({
      orgNumber: null,
      naturalPerson: true,
    });
    expect(log.find((c) => c.record_type === 'Hub')!.data).toEqual({ name: 'Gårdsbutikken', operatorOrgNumber: null });
    expect(log.find((c) => c.operation === 'MERGE')!.data).toMatchObject({ survivorExternalId: keys.get(ids.se!) });
  });

  it('recognises identity numbers in SQL exactly as the API does', async () => {
    const cases = [
      '0007:8112289874',
      '811228-9874',
      '19811228-9874',
      '0007:7010632383',
      '0007:5560000001',
      '0007:2021005489',
      '8112289875',
      '20000229' + '1234',
      '190002291235',
      '0192:15038512363',
      '150385 12363',
      '55038512438',
      '15038512364',
      '0192:912345678',
      '0192:998877665',
      '0107904711',
      '010790-4711',
      '3102904711',
      '2902004000',
      '2902011234',
      '131052-308T',
      '0037:131052-308t',
      '010594Y9951',
      '131052-308U',
      '0037:1234567-8',
      '',
      'org-7',
      '12345678901234',
    ];
    const rows = await db.sql.query<{ v: string; personal: boolean }>('SELECT v, fc_personal_identity_number(v) AS personal FROM unnest($1::text[]) AS v', [
      cases,
    ]);
    expect(Object.fromEntries(rows.map((r) => [r.v, r.personal]))).toEqual(Object.fromEntries(cases.map((c) => [c, isPersonalIdentityNumber(c)])));
    expect(rows.filter((r) => r.personal).length).toBe(14);
  });
});
