import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { migratedDatabase } from '../test/databases.js';
import { createServer } from '../graphql/yoga.js';
import { createApiKey, createOrganization, createSource } from './keys.js';

const run = promisify(execFile);
const example = path.join(repoRoot, 'examples/partner-sync/sync.mjs');

describe('examples/partner-sync against a running server', () => {
  let db: Database;
  let server: ReturnType<typeof createHttpServer>;
  let api: string;
  let key: string;

  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Vestfold matnettverk' });
    await createSource(db, org.id, { key: 'vestfold-hub', name: 'Vestfold hub', licence: 'CC-BY-4.0' });
    key = (await createApiKey(db, org.id, 'sync', ['write', 'read:private'])).key;
    server = createHttpServer(createServer(db, { corsOrigins: ['*'], logLevel: 'silent' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fs.rmSync(path.join(path.dirname(example), '.cursor'), { force: true });
  });
  afterAll(async () => {
    fs.rmSync(path.join(path.dirname(example), '.cursor'), { force: true });
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it('imports the CSV files, prints the changes, and on a second run imports nothing and prints nothing new', async () => {
    const first = await run(process.execPath, [example, '--api', api, '--key', key, '--source', 'vestfold-hub']);
    expect(first.stdout).toContain('kitchens.csv: imported (utf-8, comma-separated) rows 3, created 3, updated 0, unchanged 0, bad 0');
    expect(first.stdout).toContain('note: Line 4: row.municipalityCode: NO-3801 is an older code, mapped to NO-3901.');
    expect(first.stdout).toContain('deliveries.csv: imported (windows-1252, semicolon-separated) rows 3, created 3, updated 0, unchanged 0, bad 0');
    const changes = first.stdout.split('\n').filter((l) => l.startsWith('#'));
    expect(changes).toHaveLength(6);
    expect(changes[0]).toBe('#1 CREATE Kitchen k-sentral v1 by Vestfold matnettverk  name="Horten sentralkjøkken" municipalityCode="NO-3901"');
    expect(changes[3]).toBe(
      '#4 CREATE Delivery d-2025-01-1 v1 by Vestfold matnettverk  kitchenExternalId="k-sentral" municipalityCode="NO-3901" category="vegetables.root.potatoes" quantity=1250.5 unit="KG" value=18757.5 currency="NOK" supplierName="Grønt & Frukt AS"',
    );
    const stored = await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'd-2025-01-1' } });
    expect([Number(stored.quantity), Number(stored.value)]).toEqual([1250.5, 18757.5]);

    const second = await run(process.execPath, [example, '--api', api, '--key', key, '--source', 'vestfold-hub']);
    expect(second.stdout).toMatch(/^kitchens\.csv: already imported on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(3 rows\); nothing to do$/m);
    expect(second.stdout).not.toContain('NOT imported');
    expect(second.stdout.split('\n').filter((l) => l.startsWith('#'))).toEqual([]);
  });
});
