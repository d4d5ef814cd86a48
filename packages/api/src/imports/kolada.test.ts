import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { importCsv } from './import.js';
import { KOLADA_INDICATOR, fetchKolada, observationsCsv, parseYears, readKolada } from './kolada.js';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const page1 = fixture('kolada-u07409-page1.json');
const page2 = fixture('kolada-u07409-page2.json');
const bytesOf = (text: string) => () =>
  (async function* () {
    yield new TextEncoder().encode(text);
  })();

describe('Kolada U07409 answers', () => {
  it('become observations of municipalities, regions and the country, each total once, figures without a value left out', () => {
    const first = readKolada(page1, 'page1.json');
    expect(first.observations).toEqual([
      expect.objectContaining({ external_id: 'kolada:U07409:0181:2023', municipality_code: 'SE-0181', date: '2023-01-01', value: '28.4', status: 'official' }),
      expect.objectContaining({
        external_id: 'kolada:U07409:0181:2024',
        municipality_code: 'SE-0181',
        date: '2024-01-01',
        value: '30.1',
        status: 'provisional',
      }),
      expect.objectContaining({ external_id: 'kolada:U07409:0000:2024', country_code: 'SE', municipality_code: '', region_code: '', value: '36.9' }),
    ]);
    expect(first.observations.every((o) => o.indicator_key === KOLADA_INDICATOR && o.period_type === 'year')).toBe(true);
    expect(first.skipped).toEqual([{ municipality: '2080', period: 2024, reason: 'no value' }]);
    expect(first.nextPage).toMatch(/page=2$/);
    const second = readKolada(page2, 'page2.json');
    expect(second.observations.map((o) => [o.municipality_code, o.region_code])).toEqual([
      ['SE-2081', ''],
      ['', 'SE-20'],
    ]);
    expect(second.nextPage).toBeNull();
  });

  it('refuses what is not U07409 or not a Kolada answer, naming the file and the entry', () => {
    expect(() => readKolada({ rows: [] }, 'a.json')).toThrow('a.json: not a Kolada v3 data response');
    const other = { values: [{ kpi: 'N00005', municipality: '0181', period: 2024, values: [] }] };
    expect(() => readKolada(other, 'b.json')).toThrow('b.json, values[0]: KPI "N00005" is not U07409');
    const share = { values: [{ kpi: 'U07409', municipality: '0181', period: 2024, values: [{ gender: 'T', value: 140 }] }] };
    expect(() => readKolada(share, 'c.json')).toThrow('c.json, values[0]: value "140" is not a share between 0 and 100.');
    const place = { values: [{ kpi: 'U07409', municipality: '181', period: 2024, values: [] }] };
    expect(() => readKolada(place, 'd.json')).toThrow('municipality "181" is not a four-digit Kolada id');
    expect(parseYears('2019-2021')).toEqual([2019, 2020, 2021]);
    expect(parseYears('2019,2023')).toEqual([2019, 2023]);
    expect(() => parseYears('last year')).toThrow('--years "last year" is not a year range');
  });

  it('are downloaded page by page, following next_page', async () => {
    const asked: string[] = [];
    const server = http.createServer((request, response) => {
      asked.push(request.url!);
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const body = request.url!.includes('page=2') ? page2 : { ...page1, next_page: `${base}/v3/data/kpi/U07409/year/2023,2024?page=2` };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reading = await fetchKolada(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, [2023, 2024]);
      expect(asked).toEqual(['/v3/data/kpi/U07409/year/2023,2024', '/v3/data/kpi/U07409/year/2023,2024?page=2']);
      expect(reading.observations).toHaveLength(5);
      expect(reading.skipped).toHaveLength(1);
    } finally {
      server.close();
    }
    await expect(fetchKolada('http://127.0.0.1:9', [2024])).rejects.toThrow(
      /Kolada at http:\/\/127\.0\.0\.1:9\/v3\/data\/kpi\/U07409\/year\/2024 did not answer/,
    );
  });
});

describe.each(databaseKinds)('observations imported on %s', (kind) => {
  let db: Database;
  let viewer: Viewer;
  let key: string;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'RKA' });
    await createSource(db, org.id, { key: 'kolada-figures', name: 'Kolada', licence: 'LicenseRef-Kolada', attribution: 'Källa: Kolada' });
    const created = await createApiKey(db, org.id, 'kolada', ['write']);
    key = created.key;
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write'] };
  });
  afterAll(() => db?.close());

  it('as a CSV file of Kolada figures; a revised figure keeps the earlier value and status in its revisions', async () => {
    const observations = [...readKolada(page1, 'p1').observations, ...readKolada(page2, 'p2').observations];
    const first = await importCsv(db, viewer, bytesOf(observationsCsv(observations)), { kind: 'observations', source: 'kolada-figures' });
    expect(first).toMatchObject({ committed: true, rows: 5, created: 5, failed: 0 });
    // Kolada makes 2024's provisional figure official, corrected.
    const revised = observations.map((o) => (o.external_id === 'kolada:U07409:0181:2024' ? { ...o, value: '31.2', status: 'official' as const } : o));
    const second = await importCsv(db, viewer, bytesOf(observationsCsv(revised)), { kind: 'observations', source: 'kolada-figures' });
    expect(second).toMatchObject({ committed: true, rows: 5, updated: 1, unchanged: 4, failed: 0 });
    const api = graphqlClient(db);
    const result = await api.query(
      `{ observations(first: 50, filter: { indicator: ["${KOLADA_INDICATOR}"] }) { edges { node { externalId value status date revisions { version value status } } } } }`,
      {},
      { authorization: `Bearer ${key}` },
    );
    expect(result.errors).toBeUndefined();
    const indicator = { observations: result.data!.observations.edges.map((e: any) => e.node) };
    expect(indicator.observations).toHaveLength(5);
    const revisedNow = indicator.observations.find((o: any) => o.externalId === 'kolada:U07409:0181:2024');
    expect(revisedNow).toMatchObject({ value: 31.2, status: 'OFFICIAL', revisions: [{ version: 1, value: 30.1, status: 'PROVISIONAL' }] });
    expect(indicator.observations.find((o: any) => o.externalId === 'kolada:U07409:0181:2023').revisions).toEqual([]);
  });

  it('refuses a row without a place or with an unknown indicator, naming its column', async () => {
    const csv =
      'external_id,indicator_key,municipality_code,date,period_type,value\nx1,kolada_u07409,,2024-01-01,year,12\nx2,no_such_indicator,SE-0181,2024-01-01,year,12\n';
    const report = await importCsv(db, viewer, bytesOf(csv), { kind: 'observations', source: 'kolada-figures' });
    expect(report).toMatchObject({ committed: false, failed: 2 });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'municipality_code'],
      [3, 'indicator_key'],
    ]);
  });
});
