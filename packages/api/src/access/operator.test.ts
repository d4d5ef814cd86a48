import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { OPERATOR_ORGANIZATION, ensureOperatorKey, operatorKeyNotice } from './operator-key.js';

describe.each(databaseKinds)('the operator key and the operator routes on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  let partnerKey: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-operator-'));
  const file = path.join(dir, 'data', 'operator-key');
  let operatorKey: string;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const partner = await createOrganization(db, { name: 'Matnettverket' });
    await createSource(db, partner.id, { key: 'hub', name: 'Hub', licence: 'CC-BY-4.0' });
    partnerKey = (await createApiKey(db, partner.id, 'partner', ['write', 'admin'])).key;
    api = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, pathname: string, key: string | null, body?: object) =>
    api.yoga.fetch(`http://localhost${pathname}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('is created once, stored 0600 in a folder made for it, kept while it works, replaced once revoked', async () => {
    const created = await ensureOperatorKey(db, file);
    expect(created).toMatchObject({ status: 'created', replaced: false });
    operatorKey = (created as { key: string }).key;
    expect(fs.readFileSync(file, 'utf8')).toBe(`${operatorKey}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['operator-key']);
    expect(operatorKeyNotice(created, file, { showKey: true })).toMatchObject({ level: 'info', message: expect.stringContaining(operatorKey) });
    expect(operatorKeyNotice(created, file)!.message).not.toContain(operatorKey.slice(3));

    const record = await db.prisma.apiKey.findFirstOrThrow({ where: { prefix: operatorKey.slice(0, 11) }, include: { organization: true } });
    expect(record.organization.name).toBe(OPERATOR_ORGANIZATION);
    expect(record.scopes).toContain('operate');
    expect(record.hash).not.toContain(operatorKey.slice(3));

    fs.chmodSync(file, 0o644);
    const kept = await ensureOperatorKey(db, file);
    expect(kept).toEqual({ status: 'kept', tightened: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(operatorKeyNotice(await ensureOperatorKey(db, file), file)).toBeNull();

    await db.prisma.apiKey.update({ where: { id: record.id }, data: { revokedAt: new Date() } });
    const replaced = await ensureOperatorKey(db, file);
    expect(replaced).toMatchObject({ status: 'created', replaced: true });
    expect(operatorKeyNotice(replaced, file)!.message).toMatch(/^The key in .* does not work with this database/);
    operatorKey = (replaced as { key: string }).key;
    expect(fs.readFileSync(file, 'utf8')).toBe(`${operatorKey}\n`);
    // One operator organization, however many keys it had.
    expect(await db.prisma.organization.count({ where: { name: OPERATOR_ORGANIZATION } })).toBe(1);
  });

  it('creates no key when the file cannot be written', async () => {
    // A file where its folder should be: no user, root included, can write there.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const before = await db.prisma.apiKey.count();
    const failed = await ensureOperatorKey(db, path.join(blocked, 'operator-key')).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(operatorKeyNotice(failed as Error, path.join(blocked, 'operator-key'))).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(/^No operator key in /),
    });
    expect(await db.prisma.apiKey.count()).toBe(before);
  });

  it('answers /operator/… to the operator key only', async () => {
    const anonymous = await call('GET', '/operator/organizations', null);
    expect(anonymous.status).toBe(401);
    const partner = await call('GET', '/operator/organizations', partnerKey);
    expect(partner.status).toBe(403);
    expect(((await partner.json()) as { error: { message: string } }).error.message).toContain('needs the operate scope');
    const unknown = await call('POST', '/operator/organizations', 'fc_notakey', { name: 'X' });
    expect(unknown.status).toBe(401);
    expect(await db.prisma.organization.count({ where: { name: 'X' } })).toBe(0);

    const list = await call('GET', '/operator/organizations', operatorKey);
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(((await list.json()) as { name: string }[]).map((o) => o.name)).toEqual(['Matnettverket', OPERATOR_ORGANIZATION]);
  });

  it('says what is wrong with a request to /operator/…', async () => {
    const cases: [string, string, object | undefined, number, string][] = [
      ['POST', '/operator/organizations', { name: 7 }, 400, '`name` must be a string.'],
      ['POST', '/operator/organizations', { name: 'Y', kind: 'castle' }, 400, 'Unknown organization kind "castle"'],
      ['POST', '/operator/keys', { org: 'Matnettverket', scopes: 'write' }, 400, '`scopes` must be a list of strings.'],
      ['POST', '/operator/keys', { org: 'Nobody', scopes: ['write'] }, 404, 'No organization "Nobody"'],
      ['POST', '/operator/keys/revoke', { prefix: 'fc_nothere' }, 404, 'No API key "fc_nothere"'],
      ['POST', '/operator/webhooks/seal-secrets', undefined, 400, 'SECRET_KEY is not set'],
    ];
    for (const [method, pathname, body, status, message] of cases) {
      const response = await call(method, pathname, operatorKey, body);
      expect(response.status, `${method} ${pathname}`).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
    }
    const notJson = await api.yoga.fetch('http://localhost/operator/sources', {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('lets the operator key write to any organization’s source; createApiKey grants neither operate nor curate', async () => {
    // The write passes the source check (no reference data here, so the item itself is refused for its country).
    const producer =
      'mutation { upsertProducers(source: "hub", items: [{ externalId: "p1", name: "Hagen gård", kind: FARM }]) { committed items { errors { message } } } }';
    const write = await api.query(producer, {}, { authorization: `Bearer ${operatorKey}` });
    expect(write.errors).toBeUndefined();
    expect(write.data!.upsertProducers.items[0].errors[0].message).toMatch(/countryCode/);
    const other = await createOrganization(db, { name: 'Another partner' });
    const otherKey = (await createApiKey(db, other.id, 'other', ['write'])).key;
    const refused = await api.query(producer, {}, { authorization: `Bearer ${otherKey}` });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('belongs to another organization') });
    for (const scope of ['operate', 'curate']) {
      const refused = await api.query(
        'mutation($s: [String!]!) { createApiKey(name: "x", scopes: $s) { key } }',
        { s: ['write', scope] },
        { authorization: `Bearer ${partnerKey}` },
      );
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN', field: 'scopes' },
        message: expect.stringContaining(`The ${scope} scope is granted by the operator`),
      });
    }
  });
});
