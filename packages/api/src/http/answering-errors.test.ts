import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { answeringErrors } from './errors.js';

describe('plugins that answer before the route table', () => {
  it('answer a thrown error in the JSON format, without its stack or paths, and log it once', async () => {
    const lines: string[] = [];
    const failing = { onRequest: () => Promise.reject(new Error('boom in /srv/app/packages/api/src/http/rate-limit.ts:42')) };
    const yoga = createYoga({ schema: createSchema({ typeDefs: 'type Query { a: Int }' }), plugins: [answeringErrors(failing, (l) => lines.push(l))] });
    const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{a}"}' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Unexpected error; it was logged.' } });
    expect(text).not.toMatch(/srv|\.ts|at /);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/POST \/graphql failed before routing \(500 INTERNAL\)/);
  });

  it('answers an unreachable database as 503 UNAVAILABLE', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { a: Int }' }),
      plugins: [answeringErrors({ onRequest: () => Promise.reject(refused) }, () => {})],
    });
    const response = await yoga.fetch('http://localhost/export/producers.csv');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
  });
});
