import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { seedDatabase } from '../seed/setup.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { EXAMPLE_QUERIES } from './examples.js';
import { openDemoDatabase } from '../testing.js';
import { createServer } from './yoga.js';

/** The values at a dotted path through an answer; through a list, every item's. */
function at(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  if (Array.isArray(value)) return value.flatMap((v) => at(v, path));
  if (value === null || typeof value !== 'object') return [];
  return at((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** The lists of an answer that are not inside another list, by path: what a query's title promises. */
function outerLists(value: unknown, path = ''): [string, unknown[]][] {
  if (Array.isArray(value)) return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => outerLists(v, path ? `${path}.${k}` : k));
}

/** Statistics cells (objects with `suppressed`) and how many of them are suppressed. */
function cells(value: unknown): { all: number; suppressed: number } {
  const count = { all: 0, suppressed: 0 };
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      if (typeof (v as { suppressed?: unknown }).suppressed === 'boolean') {
        count.all++;
        if ((v as { suppressed: boolean }).suppressed) count.suppressed++;
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return count;
}

/**
 * The GraphQL queries a document shows, each with the sentence before it: its graphql blocks, and
 * the queries in its curl commands without an API key (mutations are tried by their own tests).
 */
function documentedQueries(file: string): { title: string; query: string }[] {
  const text = readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8');
  const blocks = [...text.matchAll(/([^\n]*)\n+```graphql\n([\s\S]*?)```/g)].map((m) => ({ title: m[1]!, query: m[2]! }));
  const curls = [...text.matchAll(/([^\n]*)\n+```sh\n(curl (?:[^\n]*\\\n)*[^\n]*)/g)].flatMap((m) => {
    const command = m[2]!.replace(/\\\n/g, ' ');
    const body = /graphql\b.* -d '(\{.*\})'/.exec(command)?.[1];
    return body && !/Authorization/.test(command) ? [{ title: m[1]!, query: (JSON.parse(body) as { query: string }).query }] : [];
  });
  return [...blocks, ...curls]
    .map((q) => ({ title: `${file}: ${q.title.replace(/[*#]/g, '').trim()}`, query: q.query }))
    .filter((q) => !/^\s*mutation\b/.test(q.query));
}

/**
 * The queries a newcomer tries first — the GraphiQL tabs, the README's, the API guide's samples and
 * the researcher example's — against the demo data as `pnpm start` loads it: each answers what its
 * title promises, with no empty list where data is promised, and a researcher's statistics are not
 * all suppressed.
 */
describe.each(databaseKinds)('the example queries on the demo data (%s)', (kind) => {
  let db: Database;
  let api: { query: (query: string, variables?: Record<string, unknown>) => Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> };
  beforeAll(async () => {
    // PGlite as the quickstart serves it (the built starter database when current); PostgreSQL seeded.
    if (kind === 'pglite') db = (await openDemoDatabase()).db;
    else {
      db = await migratedDatabase(kind);
      await seedDatabase(db);
    }
    // No rate limit, and a request deadline that only catches a hang: a busy machine must not fail a query.
    const yoga = createServer(db, {
      corsOrigins: ['*'],
      logLevel: 'silent',
      rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 },
      requestTimeoutMs: 300_000,
    });
    api = {
      async query(query, variables) {
        const response = await yoga.fetch('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      },
    };
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(EXAMPLE_QUERIES.map((e) => [e.name, e] as const))('GraphiQL tab "%s" returns what its title promises', async (_name, example) => {
    const { data, errors } = await api.query(example.query, example.variables);
    expect(errors).toBeUndefined();
    expect(example.returns.length).toBeGreaterThan(0);
    for (const path of example.returns) {
      const found = at(data, path.split('.'));
      expect(found.length, `${path} is missing`).toBeGreaterThan(0);
      for (const list of found) expect(Array.isArray(list) && list.length > 0, `${path} is empty`).toBe(true);
    }
    if (example.researcher) {
      const { all, suppressed } = cells(data);
      expect(all).toBeGreaterThan(0);
      expect(suppressed, 'every statistics cell is suppressed').toBeLessThan(all);
    }
  });

  const documented = ['README.md', 'docs/api.md', 'examples/researcher/README.md'].flatMap(documentedQueries);
  it('finds the documented queries', () => {
    expect(documented.length).toBeGreaterThan(5);
  });

  it.each(documented.map((q) => [q.title, q] as const))('%s', async (_title, { query }) => {
    const { data, errors } = await api.query(query);
    expect(errors).toBeUndefined();
    for (const [field, value] of Object.entries(data!)) expect(value, `${field} is null`).not.toBeNull();
    for (const [path, list] of outerLists(data)) expect(list.length, `${path} is empty`).toBeGreaterThan(0);
    const { all, suppressed } = cells(data);
    if (all > 0) expect(suppressed, 'every statistics cell is suppressed').toBeLessThan(all);
  });
});
