import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createApiKey, createOrganization } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { createServer } from '../graphql/yoga.js';

const LIMIT = 4096;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
  /** Body bytes the client had written when the answer came. */
  sent: number;
}

/**
 * Sends a request whose body is written by `write` (which may never finish it) and resolves with the
 * answer as soon as it comes, whatever is still unsent.
 */
function send(base: string, headers: Record<string, string>, write: (req: http.ClientRequest, sent: { bytes: number }) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = { bytes: 0 };
    const req = http.request(`${base}/graphql`, { method: 'POST', headers });
    req.on('error', () => {}); // the server may close the connection while the body is still being sent
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : null, sent: sent.bytes });
        req.destroy();
      });
      res.on('error', reject);
    });
    write(req, sent);
  });
}

describe.each(databaseKinds)('request bodies on %s', (kind) => {
  let db: Database;
  let server: http.Server;
  let base: string;
  let key: string;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'Matnettverket' });
    key = (await createApiKey(db, org.id, 'import', ['write'])).key;
    server = http.createServer(createServer(db, { logLevel: 'silent', maxBodyBytes: LIMIT }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it('answers 413 to a declared Content-Length over the limit before any of the body is sent', async () => {
    const answer = await send(base, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) }, (req) => req.flushHeaders());
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`larger than ${LIMIT} bytes`) } });
    expect(answer.json.error.message).toContain('MAX_BODY_BYTES');
    expect(answer.headers.connection).toBe('close');
    expect(answer.sent).toBe(0);
  });

  it('cuts off a chunked body that grows beyond the limit with 413', async () => {
    const padding = ' '.repeat(LIMIT);
    const answer = await send(base, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, (req, sent) => {
      const body = Buffer.from(JSON.stringify({ query: `{ __typename ${padding} }` }));
      for (let i = 0; i < body.length; i += 1024) {
        req.write(body.subarray(i, i + 1024));
        sent.bytes += Math.min(1024, body.length - i);
      }
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(answer.json.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a chunked body within the limit as usual', async () => {
    const answer = await send(base, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, (req) => {
      req.write('{"query":');
      req.end('"{ __typename }"}');
    });
    expect(answer).toMatchObject({ status: 200, json: { data: { __typename: 'Query' } } });
  });

  it('refuses an upload without a valid API key with 401 before reading its body', async () => {
    const multipart = { 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(LIMIT - 1) };
    // Headers and the start of a part only: the rest of the body never comes.
    const start = (req: http.ClientRequest, sent: { bytes: number }) => {
      const head = '--xyz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n';
      req.write(head);
      sent.bytes = head.length;
    };
    const anonymous = await send(base, multipart, start);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Authorization: Bearer <API key>') } });
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    const unknown = await send(base, { ...multipart, authorization: 'Bearer fc_not-a-key' }, start);
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Unknown API key.' } });
  });

  it('lets an upload with a valid API key through', async () => {
    const boundary = 'xyz';
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: '{ __typename }' })}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const answer = await send(
      base,
      { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${key}` },
      (req) => req.end(body),
    );
    expect(answer).toMatchObject({ status: 200, json: { data: { __typename: 'Query' } } });
  });
});
