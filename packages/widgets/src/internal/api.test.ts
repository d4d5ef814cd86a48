import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FcProducerListDocument } from '@food-commons/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FcLoadError, graphql } from './api.js';

const manifest = JSON.parse(readFileSync(new URL('../../../client/src/generated/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
const [id, text] = Object.entries(manifest).find(([, t]) => /\bquery FcProducerList\b/.test(t))!;
const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Records the requests and answers them in turn. */
function serve(...answers: Response[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answers.shift() ?? reply(500, {});
  });
  return calls;
}

describe('graphql()', () => {
  afterEach(() => vi.unstubAllGlobals());
  const variables = { filter: { municipality: ['NO-3901'] }, first: 20 };

  it('sends the bundle’s text by id, as a GET without custom headers', async () => {
    expect(id).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    const calls = serve(reply(200, { data: { ok: 1 } }));
    // In the bundle a document is the manifest's text (scripts/graphql-documents.ts).
    expect(await graphql('https://api.example/', text as unknown as typeof FcProducerListDocument, variables as never)).toEqual({ ok: 1 });
    expect(calls).toHaveLength(1);
    const url = new URL(calls[0]!.url);
    expect(url.origin + url.pathname).toBe('https://api.example/graphql');
    expect(url.searchParams.get('id')).toBe(id);
    expect(JSON.parse(url.searchParams.get('variables')!)).toEqual(variables);
    expect(calls[0]!.init.method).toBeUndefined();
    expect(calls[0]!.init.headers).toEqual({ accept: 'application/json' });
  });

  it('uses a generated document’s own id', async () => {
    const calls = serve(reply(200, { data: {} }));
    await graphql('https://api.example', FcProducerListDocument, variables);
    expect(new URL(calls[0]!.url).searchParams.get('id')).toBe(id);
  });

  it('posts the document once when the server does not know the id, or has no persisted operations', async () => {
    for (const refusal of [
      reply(400, { errors: [{ message: 'No persisted operation…', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] }),
      reply(403, { errors: [{ message: 'Required CSRF header(s) not present' }] }),
    ]) {
      const calls = serve(refusal, reply(200, { data: { ok: 2 } }));
      expect(await graphql('https://api.example', text as unknown as typeof FcProducerListDocument, variables as never)).toEqual({ ok: 2 });
      expect(calls).toHaveLength(2);
      expect(calls[1]!.init.method).toBe('POST');
      expect(JSON.parse(calls[1]!.init.body as string)).toEqual({ query: text, variables });
    }
  });

  it('reports other errors of the GET without retrying', async () => {
    const calls = serve(reply(200, { errors: [{ message: 'The query costs too much', extensions: { code: 'QUERY_TOO_COMPLEX' } }] }));
    await expect(graphql('https://api.example', text as unknown as typeof FcProducerListDocument, variables as never)).rejects.toThrow(
      new FcLoadError('The query costs too much', 'graphql'),
    );
    expect(calls).toHaveLength(1);
  });
});
