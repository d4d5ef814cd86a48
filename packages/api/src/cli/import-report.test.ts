import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';

describe.skipIf(!databaseKinds.includes('postgresql'))('pnpm fc import’s problem report on postgresql', () => {
  let db: Database;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-import-'));
  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Matnettverket' });
    await createSource(db, org.id, { key: 'hub', name: 'Hub', licence: 'CC-BY-4.0' });
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await db?.close();
  });

  it('writes cells from the file that look like formulas with a leading quote', async () => {
    const file = path.join(dir, 'producers.csv');
    const rows = Array.from({ length: 25 }, (_, i) => `p${i},Gård ${i},=HYPERLINK("http://x";"y"),NO`);
    fs.writeFileSync(file, `external_id,name,kind,country_code\n${rows.join('\n')}\n`);
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, 'fc.ts'), 'import', 'producers', file, '--source', 'hub', '--direct'],
      { env: { ...process.env, DATABASE_URL: db.location, FC_URL: '', FC_API_KEY: '' } },
    ).catch((e: { stdout: string; stderr: string }) => e);
    expect(run.stdout).toContain('all are listed in');
    const report = fs.readFileSync(`${file}.errors.csv`, 'utf8').split('\r\n');
    expect(report[0]).toBe('row,column,value,message');
    expect(report).toHaveLength(27); // header, 25 rows, and the empty string after the last line break
    expect(report[1]).toBe(
      `2,kind,"'=HYPERLINK(""http://x"";""y"")","""=HYPERLINK(""http://x"";""y"")"" is not one of farm, fishery, processor, bakery, dairy, cooperative, other."`,
    );
  }, 60_000);
});
