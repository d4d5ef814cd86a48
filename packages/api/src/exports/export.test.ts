import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { loadGoalFixture, loadStatsFixture } from '../stats/stats-fixture.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { captureLogs } from '../test/logs.js';
import { createServer } from '../graphql/yoga.js';
import { csvField, csvLine } from './csv.js';
import { kindCsvStream } from './export.js';
import { EXPORT_KINDS } from './kinds.js';

/** A strict RFC 4180 parser, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const records = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
};

/** Values a spreadsheet would run as formulas, and what the export writes for each (OWASP CSV injection). */
const FORMULAS: [string, string][] = [
  ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ["+cmd|' /C calc'!A0", `"'+cmd|' /C calc'!A0"`],
  ['@SUM(1+1)', `"'@SUM(1+1)"`],
  ['-2+3', `"'-2+3"`],
  ['\t=1+1', `"'\t=1+1"`],
  ['\r=1+1', `"'\r=1+1"`],
  ["'=1+1", `"''=1+1"`],
];

describe('CSV fields', () => {
  it('neutralises text that starts like a formula, and only text', () => {
    for (const [value, written] of FORMULAS) expect(csvField(value, 'string')).toBe(written);
    expect(csvField('-12.5', 'string')).toBe(`"'-12.5"`);
    expect(csvField(-12.5, 'number')).toBe('-12.5');
    expect(csvField('-12.5', 'number')).toBe('-12.5');
    expect(csvField(-3, 'integer')).toBe('-3');
    // Not at the start, or an ordinary quote: left as it is.
    expect(csvField('a=1+1', 'string')).toBe('a=1+1');
    expect(csvField("'quoted'", 'string')).toBe("'quoted'");
    expect(csvField('x, y', 'string')).toBe('"x, y"');
    expect(csvLine(['-2+3', -2, -2.5, true], ['string', 'integer', 'number', 'boolean'])).toBe(`"'-2+3",-2,-2.5,true\r\n`);
    // Without types every field is text.
    expect(csvLine(['=1', -1])).toBe(`"'=1","'-1"\r\n`);
  });
});

describe.each(databaseKinds)('open-data export on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const base = await loadStatsFixture(db);
    await loadGoalFixture(db, base);
    // A sole trader without consent to an exact location, and a consenting company's contact.
    const person = await db.prisma.organization.create({
      data: {
        sourceId: base.source.id,
        externalId: 'org-person',
        name: 'Ola Enkeltmann',
        kind: 'PRODUCER_COMPANY',
        naturalPerson: true,
        orgNumber: '0007:198001011234',
      },
    });
    await db.prisma.producer.create({
      data: {
        sourceId: base.source.id,
        externalId: 'p-person',
        name: 'Enkeltgården',
        kind: 'FARM',
        organizationId: person.id,
        countryCode: 'NO',
        municipalityCode: 'NO-3901',
        lat: 59.4871,
        lon: 10.6123,
        street: 'Hemmelig vei 1',
        contactConsent: true,
        contactName: 'Ola Enkeltmann',
        contactEmail: 'ola@enkelt.example',
      },
    });
    await db.prisma.producer.update({
      where: { id: base.producers.ph.id },
      data: { contactConsent: true, contactName: 'Per Hansen', contactEmail: 'per@example.org' },
    });
    await refreshPublicLocations(db);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const get = async (path: string) => {
    const response = await api.yoga.fetch(`http://localhost${path}`);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('has as many rows per kind as the API’s totalCount', async () => {
    const queries: Record<string, string> = {
      sources: 'sources',
      municipalities: 'municipalities',
      categories: 'categories',
      organizations: 'organizations',
      producers: 'producers',
      hubs: 'hubs',
      kitchens: 'kitchens',
      demands: 'demands',
      agreements: 'agreements',
      indicators: 'indicators',
      observations: 'observations',
      goals: 'goals',
      projects: 'projects',
    };
    const result = await api.query(
      `{ ${Object.entries(queries)
        .map(([alias, field]) => `${alias}: ${field} { totalCount }`)
        .join(' ')} }`,
    );
    expect(result.errors).toBeUndefined();
    for (const name of Object.keys(queries)) {
      const csv = await get(`/export/${name}.csv`);
      expect(csv.status).toBe(200);
      expect(csv.type).toBe('text/csv; charset=utf-8');
      expect({ name, rows: records(csv.text).length }).toEqual({ name, rows: result.data![name].totalCount });
    }
    // 357 Norwegian, 290 Swedish, 309 Finnish, 98 Danish, 79 Estonian and 60 Lithuanian municipalities and 400 German Kreise.
    expect(result.data!.municipalities.totalCount).toBe(1593);
    expect(result.data!.producers.totalCount).toBeGreaterThan(5);
  });

  it('never exports a sole trader’s exact location, street, number or name, nor unconsented contacts', async () => {
    const producers = records((await get('/export/producers.csv')).text);
    const organizations = (await get('/export/organizations.csv')).text;
    const all = (await get('/export/producers.csv')).text + organizations;
    const person = producers.find((p) => p.name === 'Enkeltgården')!;
    const horten = await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'NO-3901' } });
    expect(person).toMatchObject({ location_precision: 'MUNICIPALITY', street: '', contact_name: '', contact_email: '' });
    expect([Number(person.latitude), Number(person.longitude)]).toEqual([horten.centroidLat, horten.centroidLon]);
    for (const secret of ['59.4871', '10.6123', 'Hemmelig vei', 'Ola Enkeltmann', 'ola@enkelt.example', '198001011234']) expect(all).not.toContain(secret);
    // A consenting company's contact person is published.
    expect(producers.find((p) => p.name === 'Hortengården')).toMatchObject({ contact_name: 'Per Hansen', contact_email: 'per@example.org' });
    // Delivery lines are never exported as lines.
    expect((await get('/export/deliveries.csv')).status).toBe(404);
  });

  it('exports the same organic and local shares as deliveryStats, with suppression', async () => {
    const rows = records((await get('/export/delivery_stats.csv')).text);
    const result = await api.query(`{ deliveryStats(groupBy: [MUNICIPALITY, YEAR], local: { definition: SAME_MUNICIPALITY }) {
      rows { municipality { code } year currency suppressed total organic organicShare local localShare } } }`);
    expect(result.errors).toBeUndefined();
    const fromApi = result.data!.deliveryStats.rows;
    expect(rows).toHaveLength(fromApi.length);
    const n = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
    for (const [i, r] of fromApi.entries()) {
      const csv = rows[i]!;
      expect([csv.municipality_code, n(csv.year), csv.currency, csv.suppressed === 'true']).toEqual([r.municipality.code, r.year, r.currency, r.suppressed]);
      expect([n(csv.total), n(csv.organic), n(csv.local_same_municipality)]).toEqual([r.total, r.organic, r.local]);
      if (r.organicShare !== null) expect(n(csv.organic_share)).toBeCloseTo(r.organicShare, 12);
      if (r.localShare !== null) expect(n(csv.local_share_same_municipality)).toBeCloseTo(r.localShare, 12);
    }
    const horten2024 = rows.find((r) => r.municipality_code === 'NO-3901' && r.year === '2024' && r.currency === 'NOK')!;
    // Hand computation from the statistics fixture: 6010 NOK, 1810 organic, 2210 within 50 km.
    expect([horten2024.total, horten2024.organic, horten2024.local_within_50km, horten2024.local_same_country]).toEqual(['6010', '1810', '2210', '4210']);
    // One supplier only: suppressed, no numbers.
    const horten2025 = rows.find((r) => r.municipality_code === 'NO-3901' && r.year === '2025' && r.currency === 'NOK')!;
    expect([horten2025.suppressed, horten2025.total, horten2025.lines]).toEqual(['true', '', '']);
  });

  it('streams in batches by key with the same result as one batch', async () => {
    const read = async (name: string, batch: number) =>
      new Response(
        kindCsvStream(
          db,
          EXPORT_KINDS.find((k) => k.name === name)!,
          batch,
        ),
      ).text();
    for (const name of ['municipalities', 'producers']) {
      const whole = await read(name, 100_000);
      expect(await read(name, 7)).toBe(whole);
    }
    const before = db.statements.count;
    await read('municipalities', 100);
    // 1,593 rows in batches of 100: 16 statements, whatever the row count (flat memory).
    expect(db.statements.count - before).toBe(16);
  });

  it('leaves out records of sources whose licence does not allow export', async () => {
    const closed = await db.prisma.source.create({
      data: { key: 'closed', name: 'Closed', publisher: 'X', licence: 'LicenseRef-proprietary', exportable: false },
    });
    await db.prisma.producer.create({ data: { sourceId: closed.id, externalId: 'c1', name: 'Lukket gård', kind: 'FARM', countryCode: 'NO' } });
    const csv = (await get('/export/producers.csv')).text;
    expect(csv).not.toContain('Lukket gård');
    const pkg = JSON.parse((await get('/export/datapackage.json')).text);
    expect(pkg.sources.map((s: any) => s.title)).not.toContain('Closed');
  });

  it('describes every export in a Frictionless Data Package with licences and attribution', async () => {
    const pkg = JSON.parse((await get('/export/datapackage.json')).text);
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.resources.map((r: any) => r.path)).toEqual([...EXPORT_KINDS.map((k) => `${k.name}.csv`), 'delivery_stats.csv']);
    expect(pkg.licenses.map((l: any) => l.name)).toEqual(expect.arrayContaining(['CC-BY-4.0', 'CC0-1.0']));
    expect(pkg.attribution).toContain('© Horten kommune');
    expect(pkg.attribution.join(' ')).toContain('Kartverket');
    for (const resource of pkg.resources) {
      const [header] = parseCsv((await get(`/export/${resource.path}`)).text);
      expect(resource.schema.fields.map((f: any) => f.name)).toEqual(header);
      for (const f of resource.schema.fields) expect(['string', 'integer', 'number', 'boolean', 'date', 'datetime']).toContain(f.type);
    }
  });

  it('writes text that a spreadsheet would run as a formula with a leading quote, and negative numbers as numbers', async () => {
    const source = await db.prisma.source.findFirstOrThrow({ where: { exportable: true, deletedAt: null, producers: { some: {} } } });
    for (const [i, [name]] of FORMULAS.entries()) {
      await db.prisma.producer.create({ data: { sourceId: source.id, externalId: `formula-${i}`, name, kind: 'FARM', countryCode: 'NO', website: '=1+1' } });
    }
    const indicator = await db.prisma.indicator.findFirstOrThrow({ where: { deletedAt: null, source: { exportable: true } } });
    await db.prisma.observation.create({
      data: {
        sourceId: indicator.sourceId,
        externalId: 'negative',
        indicatorId: indicator.id,
        municipalityCode: 'NO-3901',
        date: new Date('2024-01-01'),
        periodType: 'YEAR',
        value: -12.5,
        method: '-2+3',
      },
    });
    const text = (await get('/export/producers.csv')).text;
    for (const [name, written] of FORMULAS) {
      expect(text).toContain(`,${written},`);
      // Taking the first quote off gives the original back.
      expect(records(text).find((p) => p.external_id === `formula-${FORMULAS.findIndex(([n]) => n === name)}`)!.name).toBe(`'${name}`);
    }
    const columns = EXPORT_KINDS.find((k) => k.name === 'producers')!.columns;
    for (const record of records(text)) for (const c of columns) if (c.type === 'string') expect(record[c.name]).not.toMatch(/^[=+\-@\t\r]/);
    const observation = records((await get('/export/observations.csv')).text).find((o) => o.external_id === 'negative')!;
    expect(observation.method).toBe("'-2+3");
    expect(Number(observation.value)).toBe(-12.5);
    expect((await get('/export/observations.csv')).text).toMatch(/,-12\.5(0*)?,"'-2\+3",/);

    // The statistics export: a municipality name from reference data goes through the same writer.
    const horten = await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'NO-3901' } });
    await db.prisma.municipality.update({ where: { code: 'NO-3901' }, data: { name: '@SUM(1+1)' } });
    try {
      const stats = (await get('/export/delivery_stats.csv')).text;
      expect(stats).toContain(`NO-3901,"'@SUM(1+1)",2024,NOK,`);
      expect(records(stats).find((r) => r.municipality_code === 'NO-3901')!.municipality_name).toBe("'@SUM(1+1)");
    } finally {
      await db.prisma.municipality.update({ where: { code: 'NO-3901' }, data: { name: horten.name } });
    }

    const pkg = JSON.parse((await get('/export/datapackage.json')).text);
    expect(pkg.description).toContain('prefixed with a single quote');
    expect(pkg.description).toContain('negative numbers stay numbers');
    for (const resource of pkg.resources) expect(resource.description).toContain('leading single quote');
  });

  it('answers an unknown export with 404 and the list of exports', async () => {
    const missing = await get('/export/secrets.csv');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('producers.csv');
  });
});

describe.skipIf(!databaseKinds.includes('postgresql'))('an export whose database connection dies on postgresql', () => {
  let db: Database;
  let server: http.Server;
  let base: string;
  const logs = captureLogs('error');

  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    await loadStatsFixture(db);
    server = http.createServer(createServer(db, { logLevel: 'error', logger: logs.logger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it('ends the download short with an error logged on one line, and the server keeps serving', async () => {
    const database = new URL(db.location).pathname.slice(1);
    const locker = new pg.Client({ connectionString: db.location });
    const killer = new pg.Client({ connectionString: db.location });
    await Promise.all([locker.connect(), killer.connect()]);
    try {
      // The export's first batch waits on this lock: a statement in flight, on a backend we can name.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE municipality IN ACCESS EXCLUSIVE MODE');
      // Uncompressed, so the status and the header line go out before the first batch is read.
      const response = await fetch(`${base}/export/municipalities.csv`, { headers: { 'accept-encoding': 'identity' } });
      expect(response.status).toBe(200);
      const body = response.text();
      body.catch(() => {});
      let killed = 0;
      for (let i = 0; i < 100 && killed === 0; i++) {
        const rows = await killer.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
            WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%FROM municipality t%'`,
          [database],
        );
        killed = rows.rows.filter((r) => r.ok).length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(killed).toBe(1);
      await locker.query('COMMIT');
      // The body stops after the header line and the connection is cut: no complete-looking file.
      await expect(body).rejects.toThrow();
      const lines = logs.messages().filter((l) => l.startsWith('http:') && l.includes('municipalities.csv'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/export municipalities\.csv failed after 0 rows: terminating connection due to administrator command/);
      expect(lines[0]).not.toContain('\n');
      // Still serving, the database included.
      const health = await fetch(`${base}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'postgresql' });
      const again = await fetch(`${base}/export/municipalities.csv`);
      expect((await again.text()).trimEnd().split('\r\n')).toHaveLength(1594);
    } finally {
      await locker.end();
      await killer.end();
    }
  });
});
