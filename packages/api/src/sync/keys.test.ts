import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { checkScopes, createApiKey, createOrganization } from './keys.js';

const INHERITED = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'];

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('not refused');
}

describe('scopes of API keys', () => {
  it('accepts only the scope table’s own names, and names the bad one and the valid ones', () => {
    expect(checkScopes(['write', 'admin', 'write'])).toEqual(['write', 'admin']);
    for (const name of INHERITED) {
      const error = refusal(() => checkScopes(['write', name]));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes', value: name });
      expect(error.message).toBe(`Unknown scope "${name}"; scopes are write, read:private, admin, curate, operate.`);
    }
    expect(refusal(() => checkScopes([])).extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe.each(databaseKinds)('createApiKey with inherited names on %s', (kind) => {
  let db: Database;
  let admin: string;
  let organizationId: number;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'Matnettverket' });
    organizationId = org.id;
    admin = (await createApiKey(db, org.id, 'admin', ['admin'])).key;
  });
  afterAll(() => db?.close());

  it('refuses "toString" and "__proto__" with BAD_USER_INPUT, and creates no key', async () => {
    const api = graphqlClient(db);
    for (const scopes of [['toString'], ['write', '__proto__']]) {
      const result = await api.query(
        'mutation($scopes: [String!]!) { createApiKey(name: "x", scopes: $scopes) { key } }',
        { scopes },
        { authorization: `Bearer ${admin}` },
      );
      expect(result.data?.createApiKey ?? null).toBeNull();
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'scopes', value: scopes.at(-1) } });
      expect(result.errors?.[0]!.message).toContain('scopes are write, read:private, admin, curate');
    }
    expect(await db.prisma.apiKey.count({ where: { organizationId } })).toBe(1);
  });
});

describe.skipIf(!databaseKinds.includes('postgresql'))('pnpm fc keys create on postgresql', () => {
  let db: Database;
  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    await createOrganization(db, { name: 'Matnettverket' });
  });
  afterAll(() => db?.close());

  it('refuses an inherited name as a scope with the list of scopes', async () => {
    const refused = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve(import.meta.dirname, '../cli/fc.ts'),
        'keys',
        'create',
        '--org',
        'Matnettverket',
        '--scopes',
        'write,toString',
        '--direct',
      ],
      { env: { ...process.env, DATABASE_URL: db.location, FC_URL: '', FC_API_KEY: '' } },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('fc: Unknown scope "toString"; scopes are write, read:private, admin, curate, operate.');
    expect(refused.stdout).not.toContain('fc_');
    expect(await db.prisma.apiKey.count()).toBe(0);
  }, 60_000);
});
