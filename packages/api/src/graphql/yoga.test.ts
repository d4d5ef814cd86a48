import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migratedDatabase } from '../test/databases.js';
import { createServer } from './yoga.js';

describe('HTTP endpoints', () => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
  });
  afterAll(() => db?.close());

  it('serves GraphiQL from this server with the example queries preloaded', async () => {
    const response = await yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Food Commons GraphQL');
    expect(html).toContain('HortenAtAGlance');
    expect(html).toContain('SodertaljeGoals');
    expect(html).not.toContain('unpkg.com');
  });

  it('answers health checks and sends / to GraphiQL', async () => {
    expect(await (await yoga.fetch('http://localhost/healthz')).json()).toEqual({ status: 'ok', database: 'pglite' });
    const root = await yoga.fetch('http://localhost/', { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
  });

  it('allows cross-origin reads, without credentials', async () => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://www.horten.kommune.no', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
