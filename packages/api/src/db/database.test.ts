import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openPglite } from './database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-lock-'));
const dataDir = path.join(dir, 'pglite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the embedded database folder', () => {
  it('refuses a second writer in another process with a clear error, and opens again once released', async () => {
    const db = await openPglite(dataDir);
    await db.sql.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));
    const script = `import { openPglite } from ${JSON.stringify(fileURLToPath(new URL('./database.ts', import.meta.url)))};
      try { await openPglite(${JSON.stringify(dataDir)}); console.log('opened'); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    const child = spawnSync(process.execPath, [tsx, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stdout).toContain('DatabaseLockedError');
    expect(child.stdout).toContain(`already open in another process (pid ${process.pid})`);
    expect(child.stdout).not.toContain('opened');
    await db.close();

    const again = await openPglite(dataDir);
    expect(await again.sql.query('SELECT n FROM kept')).toEqual([{ n: 42 }]);
    await again.close();
  });

  it('refuses a second open in the same process', async () => {
    const db = await openPglite(dataDir);
    await expect(openPglite(dataDir)).rejects.toBeInstanceOf(DatabaseLockedError);
    await db.close();
  });

  it('takes over a lock left by a process that died', async () => {
    fs.writeFileSync(`${dataDir}.lock`, '999999999');
    const db = await openPglite(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
