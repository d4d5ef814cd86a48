import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { importCsv } from '../imports/import.js';
import { buildAliases, buildCodeHistory, buildPlaces, referenceDataDir } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { CodeHistoryError, lastYearOf, parseCodeHistory } from './code-history.js';

const HEADER = 'country,old_code,old_name,new_code,change,valid_from,source\n';
const parse = (rows: string) => parseCodeHistory(HEADER + rows, 'xx-code-history.csv');

describe('a code history file', () => {
  it('reads mergers, renumberings and splits with the day they took effect and their source', () => {
    const rows = parse(
      'DE,16056,Eisenach,16063,merged,2021-07-01,Destatis\n' +
        'NO,1507,Ålesund,1508,split,2024-01-01,Kartverket\n' +
        'NO,1507,Ålesund,1580,split,2024-01-01,Kartverket\n' +
        'FI,099,Vanha,091,Renumbered,2009-01-01,"Tilastokeskus, kuntaliitokset"\n',
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      country: 'DE',
      oldCode: '16056',
      oldName: 'Eisenach',
      newCode: '16063',
      change: 'MERGED',
      validFrom: '2021-07-01',
      source: 'Destatis',
    });
    expect(rows[3]).toMatchObject({ change: 'RENUMBERED', source: 'Tilastokeskus, kuntaliitokset' });
  });

  it('refuses a bad row, naming the file, line, column and what is wrong', () => {
    const refused = (rows: string) => {
      try {
        parse(rows);
      } catch (error) {
        expect(error).toBeInstanceOf(CodeHistoryError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused('DE,16056,Eisenach,16063,dissolved,2021-07-01,Destatis\n')).toBe(
      'xx-code-history.csv, line 2, column change: "dissolved" is not one of unchanged, renumbered, split, merged.',
    );
    expect(refused('DE,16056,Eisenach,16063,merged,2021-07-01,Destatis\nDE,DE-1,X,16063,merged,2021-07-01,Destatis\n')).toBe(
      'xx-code-history.csv, line 3, column old_code: "DE-1" is not an official municipality number (2 to 5 digits, without the country).',
    );
    expect(refused('DE,16056,Eisenach,16063,merged,2021-06-31,Destatis\n')).toContain('line 2, column valid_from: "2021-06-31" is not a date');
    expect(refused('DE,16056,Eisenach,16063,merged,2021-07-01,\n')).toContain('column source: say where the change is documented.');
    expect(refused('Germany,16056,Eisenach,16063,merged,2021-07-01,Destatis\n')).toContain('column country: "Germany" is not an ISO 3166-1');
    expect(refused('DE,16056,Eisenach,16056,merged,2021-07-01,Destatis\n')).toContain('16056 maps to itself but the change is "merged"');
    expect(refused('DE,16056,Eisenach,16063,merged,2021-07-01\n')).toBe('xx-code-history.csv, line 2: 6 cells, expected 7.');
    // One older code to two current ones is a split on every row, and a split has two parts or more.
    expect(refused('DE,16056,Eisenach,16063,merged,2021-07-01,D\nDE,16056,Eisenach,16064,merged,2021-07-01,D\n')).toContain(
      'DE-16056 maps to 2 codes: every row of it must be "split"',
    );
    expect(refused('NO,1507,Ålesund,1508,split,2024-01-01,K\n')).toContain('NO-1507 is a split into one code only');
    expect(() => parseCodeHistory('land,alt,neu\n', 'de-code-history.csv')).toThrow(
      'de-code-history.csv, line 1: the header must be "country,old_code,old_name,new_code,change,valid_from,source", not "land,alt,neu".',
    );
  });

  it('puts an older code in the division of its last day', () => {
    expect(lastYearOf('2021-07-01')).toBe(2021);
    expect(lastYearOf('2024-01-01')).toBe(2023);
  });
});

describe('the code history the reference data loads', () => {
  const history = buildCodeHistory();

  it('holds Norway’s 2020 table and Germany’s file, each row with its day and source', () => {
    expect(history.filter((h) => h.country === 'NO')).toHaveLength(357);
    const eisenach = buildAliases(history).find((a) => a.code === 'DE-16056');
    expect(eisenach).toEqual({
      code: 'DE-16056',
      name: 'Eisenach',
      division: 2021,
      municipalityCode: 'DE-16063',
      change: 'MERGED',
      validFrom: new Date('2021-07-01T00:00:00Z'),
      sourceNote: expect.stringContaining('Destatis'),
    });
    const horten = buildAliases(history).find((a) => a.code === 'NO-3801')!;
    expect(horten).toMatchObject({ municipalityCode: 'NO-3901', change: 'RENUMBERED', division: 2020, validFrom: new Date('2024-01-01T00:00:00Z') });
  });

  it('folds a merged area into the one it joined only when the history says so', () => {
    const withMerger = buildPlaces(history).municipalities;
    const without = buildPlaces(history.filter((h) => h.country !== 'DE')).municipalities;
    expect(withMerger.find((m) => m.code === 'DE-16056')).toBeUndefined();
    expect(without.find((m) => m.code === 'DE-16056')).toMatchObject({ name: 'Eisenach' });
    expect(withMerger.filter((m) => m.countryCode === 'DE')).toHaveLength(400);
    expect(without.filter((m) => m.countryCode === 'DE')).toHaveLength(401);
  });

  it('reads every <country>-code-history.csv of a folder, and refuses a row of another country', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-history-'));
    try {
      fs.copyFileSync(path.join(referenceDataDir, 'geo', 'no-kommuner-2020-2024.csv'), path.join(dir, 'no-kommuner-2020-2024.csv'));
      fs.writeFileSync(path.join(dir, 'fi-code-history.csv'), `${HEADER}FI,099,Vanha,091,renumbered,2009-01-01,Tilastokeskus\n`);
      expect(buildCodeHistory(dir).filter((h) => h.country === 'FI')).toEqual([expect.objectContaining({ oldCode: '099', newCode: '091', division: 2008 })]);
      fs.writeFileSync(path.join(dir, 'dk-code-history.csv'), `${HEADER}FI,099,Vanha,091,renumbered,2009-01-01,Tilastokeskus\n`);
      expect(() => buildCodeHistory(dir)).toThrow("dk-code-history.csv: a row for FI; the file holds DK's history only.");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(databaseKinds)('a former code on %s: Eisenach (DE-16056) lands in Wartburgkreis (DE-16063)', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let key: string;
  let viewer: Viewer;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'Regionalwert Thüringen' });
    await createSource(db, org.id, { key: 'thueringen', name: 'Thüringen', licence: 'CC0-1.0' });
    const created = await createApiKey(db, org.id, 'sync', ['write']);
    key = created.key;
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write'] };
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps the change, its day and its source in the database', async () => {
    const rows = await db.sql.query<{ code: string; municipality_code: string; change: string; valid_from: string; division: number }>(
      "SELECT code, municipality_code, change::text AS change, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, division FROM municipality_alias WHERE code LIKE 'DE-%'",
    );
    expect(rows).toEqual([{ code: 'DE-16056', municipality_code: 'DE-16063', change: 'MERGED', valid_from: '2021-07-01', division: 2021 }]);
  });

  it('answers municipality(code: "DE-16056") with Wartburgkreis, which names it as a former code', async () => {
    const result = await client.query(`{
      municipality(code: "DE-16056") { code name validFrom formerCodes }
      municipalities(filter: { codes: ["DE-16056"] }) { edges { node { code } } }
      norway: municipality(code: "NO-3801") { code formerCodes }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipality).toEqual({ code: 'DE-16063', name: 'Wartburgkreis', validFrom: '2021-07-01', formerCodes: ['DE-16056'] });
    expect(result.data!.municipalities.edges).toEqual([{ node: { code: 'DE-16063' } }]);
    expect(result.data!.norway).toEqual({ code: 'NO-3901', formerCodes: ['NO-3801'] });
  });

  it('places a producer sent with the former code in DE-16063, and says so', async () => {
    const result = await client.query(
      `mutation($items: [ProducerInput!]!) { upsertProducers(source: "thueringen", items: $items) { committed items { status notes errors { message } } } }`,
      { items: [{ externalId: 'wartburg-1', name: 'Beispielhof Hörselberg', kind: 'FARM', municipalityCode: 'DE-16056', lat: 50.97, lon: 10.33 }] },
      { authorization: `Bearer ${key}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.upsertProducers.items).toEqual([
      { status: 'CREATED', notes: ['items[0].municipalityCode: DE-16056 is an older code, mapped to DE-16063.'], errors: [] },
    ]);
    const producer = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'wartburg-1' } });
    expect(producer.municipalityCode).toBe('DE-16063');
    const found = await client.query('{ producers(filter: { municipality: ["DE-16056"] }) { totalCount } }');
    expect(found.data!.producers.totalCount).toBe(1);
  });

  it('imports a kitchen and its delivery lines given the former code, noting each mapping', async () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const bytes = (data: Uint8Array) => () =>
      (async function* () {
        yield data;
      })();
    const kitchens = await importCsv(
      db,
      viewer,
      bytes(utf8('external_id,name,kind,municipality_code,production_type,meals_per_day\nk1,Grundschule am Beispielberg,school,DE-16056,cooking,220\n')),
      { kind: 'kitchens', source: 'thueringen' },
    );
    expect(kitchens).toMatchObject({ committed: true, created: 1, failed: 0 });
    expect(kitchens.notes).toEqual(['Line 2: row.municipalityCode: DE-16056 is an older code, mapped to DE-16063.']);
    const deliveries = await client.query(
      `mutation($items: [DeliveryInput!]!) { upsertDeliveries(source: "thueringen", items: $items) { committed items { status notes errors { message } } } }`,
      {
        items: [
          {
            externalId: 'd1',
            kitchenExternalId: 'k1',
            municipalityCode: 'DE-16056',
            supplierName: 'Beispielhof Hörselberg',
            category: 'vegetables.root.potatoes',
            periodStart: '2025-03-01',
            periodEnd: '2025-03-31',
            quantity: 120,
            unit: 'KG',
            value: 180,
            currency: 'EUR',
          },
        ],
      },
      { authorization: `Bearer ${key}` },
    );
    expect(deliveries.errors).toBeUndefined();
    expect(deliveries.data!.upsertDeliveries.items).toEqual([
      { status: 'CREATED', notes: ['municipalityCode DE-16056 is an older code, mapped to DE-16063.'], errors: [] },
    ]);
    const [line] = await db.sql.query<{ municipality_code: string }>("SELECT municipality_code FROM delivery WHERE external_id = 'd1'");
    expect(line!.municipality_code).toBe('DE-16063');
  });
});
