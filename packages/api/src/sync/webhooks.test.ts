import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { createApiKey, createOrganization, createSource } from './keys.js';
import { EVENT_HEADER, SIGNATURE_HEADER, backoffSeconds, deliverDueWebhooks, signPayload, verifySignature } from './webhooks.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('webhook signatures', () => {
  it('verify, and fail for a tampered body, a wrong secret or an old timestamp', () => {
    const body = '{"id":"evt_1","type":"Producer.create"}';
    const now = 1_800_000_000;
    const header = signPayload('whsec_a', body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_a', header, body, { now })).toBe(true);
    expect(verifySignature('whsec_a', header, body.replace('create', 'delete'), { now })).toBe(false);
    expect(verifySignature('whsec_b', header, body, { now })).toBe(false);
    expect(verifySignature('whsec_a', header, body, { now: now + 301 })).toBe(false);
    expect(verifySignature('whsec_a', null, body, { now })).toBe(false);
  });

  it('back off exponentially, capped at six hours', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(20)).toBe(6 * 3600);
  });
});

describe.each(databaseKinds)('webhook deliveries on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let server: http.Server;
  let url: string;
  const received: Received[] = [];
  let failNext = 0;
  let admin: string;
  let writer: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = failNext-- > 0 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Hub AB' });
    await createSource(db, org.id, { key: 'hub', name: 'Hub', licence: 'CC0-1.0' });
    admin = (await createApiKey(db, org.id, 'admin', ['admin'])).key;
    writer = (await createApiKey(db, org.id, 'write', ['write'])).key;
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers signed events of the kinds asked for, retries with backoff, logs failures and replays them', async () => {
    const created = await client.query(`mutation($url: String!) { createWebhook(url: $url, recordTypes: ["Kitchen"]) { secret webhook { url recordTypes } } }`, { url }, { authorization: `Bearer ${admin}` });
    expect(created.errors).toBeUndefined();
    const secret = created.data!.createWebhook.secret as string;
    const write = (items: string) =>
      client.query(`mutation { upsertKitchens(source: "hub", items: [${items}]) { created updated } }`, {}, { authorization: `Bearer ${writer}` });
    await write('{ externalId: "k1", name: "Skolan", kind: SCHOOL, municipalityCode: "SE-0181", productionType: COOKING }');
    await client.query(`mutation { upsertProducers(source: "hub", items: [{ externalId: "p1", name: "Gården", kind: FARM, municipalityCode: "SE-0181" }]) { created } }`, {}, { authorization: `Bearer ${writer}` });

    failNext = 1;
    expect(await deliverDueWebhooks(db)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    const failed = await client.query(`{ webhooks { deliveries(status: "failed") { eventId status attempts responseStatus lastError nextAttemptAt } } }`, {}, { authorization: `Bearer ${admin}` });
    const log = failed.data!.webhooks[0].deliveries;
    expect(log).toHaveLength(1); // the producer is not a kind this webhook asked for
    expect(log[0]).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 503, lastError: 'HTTP 503' });
    const wait = (Date.parse(log[0].nextAttemptAt) - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(20);
    expect(wait).toBeLessThanOrEqual(31);
    expect(await deliverDueWebhooks(db)).toEqual({ delivered: 0, failed: 0, dead: 0 }); // not due yet

    const replay = await client.query(`mutation { replayWebhookDeliveries }`, {}, { authorization: `Bearer ${admin}` });
    expect(replay.data!.replayWebhookDeliveries).toBe(1);
    expect(await deliverDueWebhooks(db)).toEqual({ delivered: 1, failed: 0, dead: 0 });

    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(second!.headers[EVENT_HEADER]).toBe(first!.headers[EVENT_HEADER]); // same event: the receiver de-duplicates on it
    expect(verifySignature(secret, second!.headers[SIGNATURE_HEADER] as string, second!.body)).toBe(true);
    expect(verifySignature(secret, second!.headers[SIGNATURE_HEADER] as string, second!.body.replace('Skolan', 'Skolen'))).toBe(false);
    const event = JSON.parse(second!.body);
    expect(event).toMatchObject({ type: 'Kitchen.create', operation: 'CREATE', externalId: 'k1', source: 'hub', version: 1, data: { name: 'Skolan', municipalityCode: 'SE-0181' } });
    const delivered = await client.query(`{ webhooks { deliveries { status attempts deliveredAt } } }`, {}, { authorization: `Bearer ${admin}` });
    expect(delivered.data!.webhooks[0].deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });

    const anonymous = await client.query(`{ webhooks { url } }`);
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
