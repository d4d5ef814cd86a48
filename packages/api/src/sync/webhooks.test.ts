import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Config, ConfigError } from '../config.js';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import type { GraphQLResult } from '../test/graphql.js';
import { createServer } from '../graphql/yoga.js';
import { createApiKey, createOrganization, createSource } from './keys.js';
import { type LookupAll, TargetRefused, addressClass, checkTarget, parseAllowList, parseTargetUrl } from './safe-fetch.js';
import {
  EVENT_HEADER,
  SIGNATURE_HEADER,
  backoffSeconds,
  createWebhook,
  deliverDueWebhooks,
  openSecret,
  sealSecret,
  signPayload,
  startWebhookDispatcher,
  verifySignature,
} from './webhooks.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  url: string;
}

/** A receiver on 127.0.0.1; `respond` decides the status (and may wait). */
async function endpoint(respond: (req: Received) => number | Promise<number> = () => 204) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const r = { headers: req.headers, body, url: req.url ?? '' };
      received.push(r);
      void Promise.resolve(respond(r)).then((status) => {
        res.statusCode = status;
        if (status >= 300 && status < 400) res.setHeader('location', `http://127.0.0.1:${port}/redirected`);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A promise and its resolver: holds a receiver's answer until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A lookup that must not be asked: numeric hosts are checked without resolving. */
const noLookup: LookupAll = async (host) => {
  throw new Error(`unexpected lookup of ${host}`);
};

const NONE = parseAllowList([]);

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

  it('encrypt signing secrets at rest with a key, and refuse to open them without it or with another', () => {
    const key = randomBytes(32);
    const a = sealSecret('whsec_abc', key);
    const b = sealSecret('whsec_abc', key);
    expect(a).toMatch(/^enc:v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b); // a fresh IV each time
    expect(a).not.toContain('whsec_abc');
    expect(openSecret(a, key)).toBe('whsec_abc');
    expect(() => openSecret(a, undefined)).toThrow(/SECRET_KEY/);
    expect(() => openSecret(a, randomBytes(32))).toThrow();
    const tampered = a.slice(0, -2) + (a.endsWith('AA') ? 'BB' : 'AA');
    expect(() => openSecret(tampered, key)).toThrow();
    expect(sealSecret('whsec_abc', undefined)).toBe('whsec_abc');
    expect(openSecret('whsec_abc', key)).toBe('whsec_abc'); // stored before a key was set
  });
});

describe('webhook address checks', () => {
  const refused = async (raw: string, lookup: LookupAll = noLookup, allow = NONE) => {
    try {
      await checkTarget(parseTargetUrl(raw), allow, lookup);
    } catch (e) {
      if (e instanceof TargetRefused) return e.logText;
      throw e;
    }
    return 'allowed';
  };

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://0x7f.1/', 'loopback (hex)'],
    ['http://0x7f000001/', 'loopback (one hex number)'],
    ['http://2130706433/', 'loopback (one decimal number)'],
    ['http://0177.0.0.1/', 'loopback (octal)'],
    ['http://127.1/', 'loopback (short form)'],
    ['http://[::1]/', 'IPv6 loopback'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['http://[::ffff:7f00:1]/', 'IPv4-mapped loopback (hex)'],
    ['http://[::ffff:10.0.0.5]:8080/', 'IPv4-mapped private'],
    ['http://[::127.0.0.1]/', 'IPv4-compatible loopback'],
    ['http://10.0.0.5:8080/', 'private 10/8'],
    ['http://172.16.3.4/', 'private 172.16/12'],
    ['http://172.31.255.255/', 'private 172.16/12, its end'],
    ['http://192.168.1.1/', 'private 192.168/16'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local (cloud metadata)'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://100.127.255.254/', 'carrier-grade NAT, its end'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://239.255.255.250:1900/', 'multicast (SSDP)'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified (one number)'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://[fc00::1]/', 'IPv6 unique local fc00::/7'],
    ['http://[fd12:3456::1]/', 'IPv6 unique local fd00::/8'],
    ['http://[fe80::1]/', 'IPv6 link-local'],
    ['http://[ff02::1]/', 'IPv6 multicast'],
    ['http://[::]/', 'IPv6 unspecified'],
    ['http://[64:ff9b::7f00:1]/', 'NAT64 of loopback'],
    ['http://[2002:7f00:1::]/', '6to4 of loopback'],
    ['http://app.localhost/', 'a .localhost name'],
  ])('refuse %s (%s) without resolving or connecting', async (raw) => {
    expect(await refused(raw)).toBe('refused: address not allowed');
  });

  it('resolve names and refuse them when any address is not public', async () => {
    // localhost comes from /etc/hosts (the system lookup): no resolver is asked.
    expect(await refused('http://localhost:8080/', (h) => import('node:dns').then((dns) => dns.promises.lookup(h, { all: true })))).toBe(
      'refused: address not allowed',
    );
    const answers: Record<string, string[]> = {
      'public.test-resolver': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      'mixed.test-resolver': ['93.184.216.34', '10.1.2.3'],
      'mapped.test-resolver': ['::ffff:169.254.169.254'],
    };
    const lookup: LookupAll = async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    expect(await refused('https://public.test-resolver/hook', lookup)).toBe('allowed');
    expect(await refused('https://mixed.test-resolver/hook', lookup)).toBe('refused: address not allowed');
    expect(await refused('https://mapped.test-resolver/hook', lookup)).toBe('refused: address not allowed');
    expect(await refused('https://nowhere.test-resolver/hook', lookup)).toBe('host not found');
    // Names never in public DNS are answered without asking a resolver.
    expect(await refused('https://partner.example/hook')).toBe('host not found');
    expect(await refused('https://hooks.invalid/hook')).toBe('host not found');
    const target = await checkTarget(new URL('https://public.test-resolver/hook'), NONE, lookup);
    expect(target).toMatchObject({ host: 'public.test-resolver', address: '93.184.216.34', family: 4 });
  });

  it('classify public addresses as public', () => {
    expect(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'].map(addressClass)).toEqual(['public', 'public', 'public', 'public']);
    expect(['127.0.0.1', '10.0.0.1', '::ffff:192.168.0.1', 'fe80::1', '100.64.1.1'].map(addressClass)).toEqual([
      'loopback',
      'private',
      'private',
      'linkLocal',
      'carrierGradeNat',
    ]);
  });

  it('refuse credentials in the URL and schemes other than http(s)', async () => {
    expect(await refused('https://user:secret@93.184.216.34/hook')).toBe('refused: credentials in URL');
    expect(await refused('https://token@93.184.216.34/hook')).toBe('refused: credentials in URL');
    expect(await refused('ftp://93.184.216.34/hook')).toBe('refused: not http(s)');
    expect(await refused('file:///etc/passwd')).toBe('refused: not http(s)');
    expect(await refused('gopher://93.184.216.34:70/')).toBe('refused: not http(s)');
    expect(await refused('not a url')).toBe('refused: not a URL');
  });

  it('let the allowed ranges and names through, and nothing else', async () => {
    const allow = parseAllowList(['127.0.0.0/8', 'hooks.intranet', '10.20.0.0/16']);
    expect(await refused('http://127.0.0.1:9/', noLookup, allow)).toBe('allowed');
    expect(await refused('http://0x7f.1:9/', noLookup, allow)).toBe('allowed');
    expect(await refused('http://[::ffff:127.0.0.1]:9/', noLookup, allow)).toBe('allowed');
    expect(await refused('http://10.20.5.1/', noLookup, allow)).toBe('allowed');
    expect(await refused('http://10.21.5.1/', noLookup, allow)).toBe('refused: address not allowed');
    expect(await refused('http://[::1]/', noLookup, allow)).toBe('refused: address not allowed'); // IPv6 loopback is not in 127.0.0.0/8
    expect(await refused('http://192.168.1.1/', noLookup, allow)).toBe('refused: address not allowed');
    const intranet: LookupAll = async () => [{ address: '192.168.7.7', family: 4 }];
    expect(await refused('http://hooks.intranet/', intranet, allow)).toBe('allowed');
    expect(await refused('http://other.intranet/', intranet, allow)).toBe('refused: address not allowed');
    expect(() => parseAllowList(['10.0.0.0/33'])).toThrow(ConfigError);
    expect(() => parseAllowList(['http://x/'])).toThrow(ConfigError);
  });
});

describe.each(databaseKinds)('webhook deliveries on %s', (kind) => {
  let db: Database;
  let admin: string;
  let adminB: string;
  let writer: string;
  let orgA: number;
  let orgB: number;
  let kitchens = 0;
  const closers: (() => Promise<void>)[] = [];

  const LOCAL: Pick<Config, 'webhookAllowedTargets' | 'secretKey'> = { webhookAllowedTargets: ['127.0.0.1/32'], secretKey: undefined };
  const STRICT: Pick<Config, 'webhookAllowedTargets' | 'secretKey'> = { webhookAllowedTargets: [], secretKey: undefined };

  function client(config: Partial<Config> = LOCAL) {
    const yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent', ...config });
    return async <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, key?: string) => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResult<T>;
    };
  }
  const query = (...args: Parameters<ReturnType<typeof client>>) => client()(...args);

  /** Writes `n` new kitchens: n changes, each queued to every active webhook. */
  async function writeKitchens(n: number) {
    const items = Array.from({ length: n }, () => {
      kitchens++;
      return `{ externalId: "k${kitchens}", name: "Kök ${kitchens}", kind: SCHOOL, municipalityCode: "SE-0181", productionType: COOKING }`;
    });
    const result = await query(`mutation { upsertKitchens(source: "hub", items: [${items.join(', ')}]) { created } }`, {}, writer);
    expect(result.errors).toBeUndefined();
  }
  const deliveries = (webhookId: number) => db.prisma.webhookDelivery.findMany({ where: { webhookId }, orderBy: [{ changeId: 'asc' }, { id: 'asc' }] });

  async function hookAt(url: string, organizationId = orgA, config = LOCAL) {
    return (await createWebhook(db, config, organizationId, url, ['Kitchen'])).webhook;
  }

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Hub AB' });
    orgA = org.id;
    orgB = (await createOrganization(db, { name: 'Partner AB' })).id;
    await createSource(db, org.id, { key: 'hub', name: 'Hub', licence: 'CC0-1.0' });
    admin = (await createApiKey(db, org.id, 'admin', ['admin'])).key;
    adminB = (await createApiKey(db, orgB, 'admin', ['admin'])).key;
    writer = (await createApiKey(db, org.id, 'write', ['write'])).key;
  });
  afterEach(async () => {
    // Each test starts with no active webhook and nothing queued.
    await db.sql.query(`UPDATE webhook SET active = false`);
    await db.sql.query(`UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL WHERE status IN ('pending', 'sending', 'failed')`);
    while (closers.length) await closers.pop()!();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('delivers signed events of the kinds asked for, retries with backoff, logs failures and replays them', async () => {
    let failNext = 1;
    const hook = await endpoint(() => (failNext-- > 0 ? 503 : 204));
    closers.push(hook.close);
    const created = await query(
      `mutation($url: String!) { createWebhook(url: $url, recordTypes: ["Kitchen"]) { secret webhook { url recordTypes } } }`,
      { url: hook.url },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const secret = created.data!.createWebhook.secret as string;
    await writeKitchens(1);
    await query(
      `mutation { upsertProducers(source: "hub", items: [{ externalId: "p1", name: "Gården", kind: FARM, municipalityCode: "SE-0181" }]) { created } }`,
      {},
      writer,
    );

    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    const failed = await query(
      `{ webhooks { active deliveries(status: "failed") { eventId status attempts responseStatus lastError nextAttemptAt } } }`,
      {},
      admin,
    );
    const log = failed.data!.webhooks.find((w: { active: boolean }) => w.active).deliveries;
    expect(log).toHaveLength(1); // the producer is not a kind this webhook asked for
    expect(log[0]).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 503, lastError: 'HTTP 503' });
    const wait = (Date.parse(log[0].nextAttemptAt) - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(20);
    expect(wait).toBeLessThanOrEqual(31);
    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 0, failed: 0, dead: 0 }); // not due yet

    const replay = await query(`mutation { replayWebhookDeliveries }`, {}, admin);
    expect(replay.data!.replayWebhookDeliveries).toBe(1);
    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 1, failed: 0, dead: 0 });

    expect(hook.received).toHaveLength(2);
    const [first, second] = hook.received;
    expect(second!.headers[EVENT_HEADER]).toBe(first!.headers[EVENT_HEADER]); // same event: the receiver de-duplicates on it
    expect(second!.headers.host).toBe(`127.0.0.1:${hook.port}`);
    expect(verifySignature(secret, second!.headers[SIGNATURE_HEADER] as string, second!.body)).toBe(true);
    expect(verifySignature(secret, second!.headers[SIGNATURE_HEADER] as string, second!.body.replace('Kök', 'Kok'))).toBe(false);
    const event = JSON.parse(second!.body);
    expect(event).toMatchObject({
      type: 'Kitchen.create',
      operation: 'CREATE',
      externalId: 'k1',
      source: 'hub',
      version: 1,
      data: { name: 'Kök 1', municipalityCode: 'SE-0181' },
    });

    const anonymous = await query(`{ webhooks { url } }`);
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to register internal addresses in every form, credentials and other schemes, naming the field', async () => {
    const strict = client({ webhookAllowedTargets: [] });
    const forms = [
      'http://127.0.0.1:8080/hook',
      'http://localhost:8080/hook',
      'http://0x7f.1/hook',
      'http://2130706433/hook',
      'http://0177.0.0.1/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://10.0.0.5:8080/hook',
      'http://172.16.0.1/hook',
      'http://192.168.0.10/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://224.0.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[fc00::1]/hook',
      'http://[fe80::1]/hook',
    ];
    for (const url of forms) {
      const result = await strict(`mutation($url: String!) { createWebhook(url: $url) { secret } }`, { url }, admin);
      expect(result.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(result.errors![0]!.message, url).toMatch(/not a public address/);
    }
    const credentials = await strict(`mutation { createWebhook(url: "https://partner:hunter2@93.184.216.34/hook") { secret } }`, {}, admin);
    expect(credentials.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(credentials.errors![0]!.message).toMatch(/user name or password/);
    expect(credentials.errors![0]!.message).not.toContain('hunter2');
    for (const url of ['ftp://93.184.216.34/hook', 'file:///etc/passwd']) {
      const result = await strict(`mutation($url: String!) { createWebhook(url: $url) { secret } }`, { url }, admin);
      expect(result.errors![0]!.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    }
    expect(await db.prisma.webhook.count({ where: { OR: [{ url: { contains: 'hunter2' } }, { url: { contains: '127.0.0.1:8080' } }] } })).toBe(0);
    // A name that does not resolve (yet) is accepted: each delivery resolves and checks it again.
    const later = await strict(`mutation { createWebhook(url: "https://partner.example/hook") { webhook { url } } }`, {}, admin);
    expect(later.data!.createWebhook.webhook.url).toBe('https://partner.example/hook');
    // The allow list lets a listed range through.
    const allowed = await query(`mutation { createWebhook(url: "http://0x7f.1:9/hook") { webhook { url } } }`, {}, admin);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.createWebhook.webhook.url).toBe('http://127.0.0.1:9/hook');
  });

  it('checks the address again at each delivery: stored internal URLs are refused without connecting, and the log names no address', async () => {
    const hook = await endpoint();
    closers.push(hook.close);
    // Rows written directly, as if registered before the checks existed or with another allow list.
    const urls = [
      hook.url,
      `http://0x7f.1:${hook.port}/hook`,
      `http://[::ffff:127.0.0.1]:${hook.port}/hook`,
      `http://localhost:${hook.port}/hook`,
      `http://user:pw@127.0.0.1:${hook.port}/hook`,
    ];
    const rows = [];
    for (const url of urls) rows.push(await db.prisma.webhook.create({ data: { organizationId: orgA, url, recordTypes: ['Kitchen'], secret: 'whsec_x' } }));
    await writeKitchens(1);
    expect(await deliverDueWebhooks(db, STRICT)).toEqual({ delivered: 0, failed: urls.length, dead: 0 });
    expect(hook.received).toHaveLength(0);
    const log = await db.prisma.webhookDelivery.findMany({ where: { webhookId: { in: rows.map((r) => r.id) } }, orderBy: { webhookId: 'asc' } });
    expect(log.map((d) => [d.status, d.responseStatus, d.lastError])).toEqual([
      ['failed', null, 'refused: address not allowed'],
      ['failed', null, 'refused: address not allowed'],
      ['failed', null, 'refused: address not allowed'],
      ['failed', null, 'refused: address not allowed'],
      ['failed', null, 'refused: credentials in URL'],
    ]);
  });

  it('logs failures as categories: connection failed, timed out, a redirect not followed', async () => {
    const closed = await endpoint();
    await closed.close(); // nothing listens on its port now
    const silent = await endpoint(() => new Promise<number>(() => {}));
    const redirecting = await endpoint(() => 302);
    closers.push(silent.close, redirecting.close);
    const [a, b, c] = [await hookAt(closed.url), await hookAt(silent.url), await hookAt(redirecting.url)];
    await writeKitchens(1);
    expect(await deliverDueWebhooks(db, LOCAL, { timeoutMs: 500 })).toEqual({ delivered: 0, failed: 3, dead: 0 });
    const [ra, rb, rc] = [(await deliveries(a.id))[0]!, (await deliveries(b.id))[0]!, (await deliveries(c.id))[0]!];
    expect([ra.lastError, ra.responseStatus]).toEqual(['connection failed', null]);
    expect([rb.lastError, rb.responseStatus]).toEqual(['timed out', null]);
    expect([rc.lastError, rc.responseStatus]).toEqual(['HTTP 302', 302]);
    expect(redirecting.received.map((r) => r.url)).toEqual(['/hook']); // the redirect was not followed
    for (const r of [ra, rb, rc]) expect(r.lastError).not.toMatch(/127\.0\.0\.1|ECONN|\d{4,5}/);
  });

  it('sends each endpoint in order with one in flight, so a slow endpoint does not delay another tenant', async () => {
    const events: string[] = [];
    const slow = await endpoint(async (r) => {
      events.push(`slow received ${JSON.parse(r.body).externalId}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      events.push('slow answered');
      return 204;
    });
    const fast = await endpoint((r) => {
      events.push(`fast received ${JSON.parse(r.body).externalId}`);
      return 204;
    });
    closers.push(slow.close, fast.close);
    const slowHook = await hookAt(slow.url, orgA);
    const fastHook = await hookAt(fast.url, orgB);
    await writeKitchens(3);
    const first = kitchens - 2;
    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 6, failed: 0, dead: 0 });
    // Each endpoint got its events in change order.
    const ids = [first, first + 1, first + 2].map((n) => `k${n}`);
    expect(fast.received.map((r) => JSON.parse(r.body).externalId)).toEqual(ids);
    expect(slow.received.map((r) => JSON.parse(r.body).externalId)).toEqual(ids);
    // All the fast endpoint's events arrived before the slow one had answered its first.
    const firstSlowAnswer = events.indexOf('slow answered');
    expect(events.slice(0, firstSlowAnswer).filter((e) => e.startsWith('fast'))).toHaveLength(3);
    // One in flight per endpoint: the slow one got its next event only after answering the previous.
    expect(events.filter((e) => e.startsWith('slow'))).toEqual([
      `slow received ${ids[0]}`,
      'slow answered',
      `slow received ${ids[1]}`,
      'slow answered',
      `slow received ${ids[2]}`,
      'slow answered',
    ]);
    expect((await deliveries(slowHook.id)).every((d) => d.status === 'delivered')).toBe(true);
    expect((await deliveries(fastHook.id)).every((d) => d.status === 'delivered')).toBe(true);
  });

  it('the dispatcher keeps delivering to other endpoints while one endpoint holds a request', async () => {
    const held = gate();
    let slowAnswered = 0;
    const slow = await endpoint(async () => {
      await held.opened;
      slowAnswered++;
      return 204;
    });
    const fast = await endpoint();
    closers.push(slow.close, fast.close);
    const slowHook = await hookAt(slow.url, orgA);
    await hookAt(fast.url, orgB);
    await writeKitchens(1);
    const stop = startWebhookDispatcher(db, LOCAL, { everyMs: 25, timeoutMs: 30_000 });
    try {
      await until('the slow endpoint to get its request', () => slow.received.length === 1);
      await until('the fast endpoint to get the first event', () => fast.received.length === 1);
      // New events while the slow endpoint still holds its first: the fast endpoint gets them now.
      await writeKitchens(2);
      await until('the fast endpoint to get the new events', () => fast.received.length === 3);
      expect(slowAnswered).toBe(0);
      expect(slow.received).toHaveLength(1);
      expect((await deliveries(slowHook.id)).map((d) => d.status)).toEqual(['sending', 'pending', 'pending']);
      held.open();
      await until('the slow endpoint to get all events', async () => (await deliveries(slowHook.id)).every((d) => d.status === 'delivered'));
      expect(slow.received).toHaveLength(3);
    } finally {
      held.open();
      await stop();
    }
  });

  it('stopped with a grace period, the dispatcher lets the delivery in flight finish and gives the rest back', async () => {
    const held = gate();
    const hook = await endpoint(async () => {
      await held.opened;
      return 204;
    });
    closers.push(hook.close);
    const webhook = await hookAt(hook.url);
    await writeKitchens(2);
    const stop = startWebhookDispatcher(db, LOCAL, { everyMs: 25, timeoutMs: 30_000 });
    try {
      await until('the endpoint to get its first event', () => hook.received.length === 1);
      const stopped = stop({ graceMs: 20_000 });
      held.open();
      await stopped;
      // The attempt in flight was answered and recorded; the next one was not started but queued again.
      expect((await deliveries(webhook.id)).map((d) => d.status)).toEqual(['delivered', 'pending']);
      expect(hook.received).toHaveLength(1);
    } finally {
      held.open();
      await stop();
    }
  });

  it('cancels queued deliveries when a webhook is deactivated, also those claimed but not yet sent', async () => {
    const held = gate();
    const hook = await endpoint(async () => {
      await held.opened;
      return 204;
    });
    closers.push(hook.close);
    const webhook = await hookAt(hook.url);
    const id = (await query(`{ webhooks { id url active } }`, {}, admin)).data!.webhooks.find(
      (w: { url: string; active: boolean }) => w.active && w.url === hook.url,
    ).id as string;
    await writeKitchens(3);
    const run = deliverDueWebhooks(db, LOCAL);
    await until('the first request', () => hook.received.length === 1);
    const other = await query(`mutation($id: ID!) { deactivateWebhook(id: $id) { active } }`, { id }, adminB);
    expect(other.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const deactivated = await query(`mutation($id: ID!) { deactivateWebhook(id: $id) { active deliveries { status } } }`, { id }, admin);
    expect(deactivated.errors).toBeUndefined();
    expect(deactivated.data!.deactivateWebhook.active).toBe(false);
    expect(deactivated.data!.deactivateWebhook.deliveries.map((d: { status: string }) => d.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    held.open();
    expect(await run).toEqual({ delivered: 1, failed: 0, dead: 0 }); // the one in flight arrived; the others were not sent
    expect(hook.received).toHaveLength(1);
    expect((await deliveries(webhook.id)).map((d) => d.status)).toEqual(['delivered', 'cancelled', 'cancelled']);
    await writeKitchens(1);
    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(await deliveries(webhook.id)).toHaveLength(3); // nothing queued for an inactive webhook
    expect((await query(`mutation { replayWebhookDeliveries }`, {}, admin)).data!.replayWebhookDeliveries).toBe(0);
  });

  it('deleting a webhook removes its queue, and nothing more is sent to it', async () => {
    const hook = await endpoint();
    closers.push(hook.close);
    const webhook = await hookAt(hook.url);
    await writeKitchens(2);
    expect(await deliveries(webhook.id)).toHaveLength(2);
    const id = (await query(`{ webhooks { id url active } }`, {}, admin)).data!.webhooks.find(
      (w: { url: string; active: boolean }) => w.active && w.url === hook.url,
    ).id as string;
    expect((await query(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, adminB)).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const deleted = await query(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, admin);
    expect(deleted.data!.deleteWebhook).toBe(true);
    expect(await db.prisma.webhook.findUnique({ where: { id: webhook.id } })).toBeNull();
    expect(await deliveries(webhook.id)).toHaveLength(0);
    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(hook.received).toHaveLength(0);
  });

  it('encrypts signing secrets at rest when SECRET_KEY is set, and signs deliveries with the secret shown once', async () => {
    const config = { ...LOCAL, secretKey: randomBytes(32) };
    const hook = await endpoint();
    closers.push(hook.close);
    const created = await client(config)(
      `mutation($url: String!) { createWebhook(url: $url, recordTypes: ["Kitchen"]) { secret webhook { url } } }`,
      { url: hook.url },
      admin,
    );
    const secret = created.data!.createWebhook.secret as string;
    const stored = await db.prisma.webhook.findFirstOrThrow({ where: { url: hook.url, active: true } });
    expect(stored.secret).toMatch(/^enc:v1:/);
    expect(stored.secret).not.toContain(secret);
    await writeKitchens(1);
    expect(await deliverDueWebhooks(db, LOCAL)).toEqual({ delivered: 0, failed: 1, dead: 0 }); // without the key it cannot sign
    expect((await deliveries(stored.id))[0]!.lastError).toBe('signing secret unavailable');
    expect(hook.received).toHaveLength(0);
    await db.sql.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE webhook_id = $1`, [stored.id]);
    expect(await deliverDueWebhooks(db, config)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(verifySignature(secret, hook.received[0]!.headers[SIGNATURE_HEADER] as string, hook.received[0]!.body)).toBe(true);
  });
});
