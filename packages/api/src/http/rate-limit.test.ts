import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createApiKey, createOrganization } from '../sync/keys.js';
import { migratedDatabase } from '../test/databases.js';
import { createServer } from '../graphql/yoga.js';
import { REDIS_URL, requireRedis } from '../test/redis.js';
import { MemoryRateLimiter, RedisRateLimiter, clientAddressOf, normalizeAddress, routePoints } from './rate-limit.js';

const hasRedis = await requireRedis('the shared rate-limit tests');

// The test of Redis going away and coming back starts a redis-server of its own.
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (hasRedis && !hasRedisServer) {
  if (process.env.CI) throw new Error('CI needs redis-server on the PATH for the rate-limit tests.');
  console.warn('redis-server is not on the PATH: the test of Redis going away and coming back is skipped.');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const testPrefix = () => `fc:test:${randomBytes(6).toString('hex')}:`;

async function deleteKeys(redis: Redis, prefix: string) {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
}

describe('memory token buckets', () => {
  it('takes points, refuses what the bucket lacks with the seconds to wait, and refills over time', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ now: () => now });
    // 60 points a minute: one a second.
    expect(await limiter.take('a', 40, 60, 1)).toEqual({ allowed: true, remaining: 20, retryAfterSeconds: 0, resetSeconds: 40 });
    expect(await limiter.take('a', 25, 60, 1)).toEqual({ allowed: false, remaining: 20, retryAfterSeconds: 5, resetSeconds: 40 });
    now += 4_500;
    expect(await limiter.take('a', 25, 60, 1)).toMatchObject({ allowed: false, remaining: 24, retryAfterSeconds: 1 });
    now += 500;
    expect(await limiter.take('a', 25, 60, 1)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0, resetSeconds: 60 });
    // Another bucket is untouched.
    expect(await limiter.take('b', 1, 60, 1)).toMatchObject({ allowed: true, remaining: 59 });
    // A bucket never holds more than its capacity, however long it rests.
    now += 3_600_000;
    expect(await limiter.take('a', 0, 60, 1)).toMatchObject({ allowed: true, remaining: 60, resetSeconds: 0 });
    // Full buckets are not kept: they are the same as new ones.
    expect(limiter.size).toBe(1);
    await limiter.take('b', 0, 60, 1);
    expect(limiter.size).toBe(0);
  });

  it('keeps at most maxBuckets, dropping refilled buckets first, then the least recently used', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ maxBuckets: 100, now: () => now });
    for (let i = 0; i < 10; i++) await limiter.take(`slow-${i}`, 50, 100, 0.001);
    for (let i = 0; i < 10_000; i++) {
      await limiter.take(`flood-${i}`, 1, 10, 1);
      // The slow buckets stay in use, so they are the most recently used ones.
      if (i % 50 === 0) for (let j = 0; j < 10; j++) await limiter.take(`slow-${j}`, 0, 100, 0.001);
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
    expect(await limiter.take('slow-3', 0, 100, 0.001)).toMatchObject({ remaining: 50 });
    // Once the flood's buckets have refilled, the next sweep drops them all and keeps the partly spent ones.
    now += 60_000;
    for (let i = 0; i < 50; i++) await limiter.take(`late-${i}`, 1, 10, 1);
    expect(limiter.size).toBe(60);
    expect(await limiter.take('slow-7', 0, 100, 0.001)).toMatchObject({ remaining: 50 });
  });
});

describe('client addresses', () => {
  it('normalises IPv4-mapped IPv6 to IPv4 and IPv6 to its /64', () => {
    expect(normalizeAddress('::ffff:192.0.2.33')).toBe('192.0.2.33');
    expect(normalizeAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeAddress('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(normalizeAddress('2001:db8:aa:bb::99')).toBe('2001:db8:aa:bb::/64');
    expect(normalizeAddress('[2001:db8::1]')).toBe('2001:db8::/64');
    expect(normalizeAddress('not an address')).toBe('unknown');
    expect(normalizeAddress(undefined)).toBe('unknown');
  });

  it('answers the same when asked again (the remembered buckets), and reads an overlong text without keeping it', () => {
    for (let i = 0; i < 3; i++) {
      expect(normalizeAddress('::ffff:192.0.2.33')).toBe('192.0.2.33');
      expect(normalizeAddress('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
      expect(normalizeAddress(' 198.51.100.7 ')).toBe('198.51.100.7');
    }
    expect(normalizeAddress(`198.51.100.7${' '.repeat(5_000)}`)).toBe('198.51.100.7');
    expect(normalizeAddress('1'.repeat(5_000))).toBe('unknown');
  });

  it('uses the socket address, or with trusted proxies the address that many hops from the right', () => {
    const request = new Request('http://localhost/graphql', { headers: { 'x-forwarded-for': '10.0.0.1, 198.51.100.7, 192.0.2.1' } });
    const node = { req: { socket: { remoteAddress: '::ffff:127.0.0.1' } } };
    expect(clientAddressOf(request, node, 0)).toBe('127.0.0.1');
    expect(clientAddressOf(request, node, 1)).toBe('192.0.2.1');
    expect(clientAddressOf(request, node, 2)).toBe('198.51.100.7');
    expect(clientAddressOf(request, node, 5)).toBe('10.0.0.1');
    expect(clientAddressOf(request, undefined, 0)).toBe('unknown');
    expect(clientAddressOf(new Request('http://localhost/'), node, 1)).toBe('127.0.0.1');
  });

  it('charges plain routes by what they cost and leaves health checks and widget files alone', () => {
    expect(routePoints('GET', '/export/producers.csv')).toBe(200);
    expect(routePoints('GET', '/geo/producers.geojson')).toBe(50);
    expect(routePoints('GET', '/dfc/enterprises')).toBe(20);
    expect(routePoints('GET', '/no-such-page')).toBe(10);
    for (const path of ['/healthz', '/widgets/fc-map.js', '/embed', '/graphql', '/']) expect(routePoints('GET', path)).toBeNull();
    expect(routePoints('OPTIONS', '/export/producers.csv')).toBeNull();
  });
});

describe.skipIf(!hasRedis)('Redis token buckets', () => {
  let redis: Redis;
  const prefix = testPrefix();
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('takes points atomically, refuses with the seconds to wait, and expires a bucket once it would be full', async () => {
    const warnings: string[] = [];
    const limiter = new RedisRateLimiter(REDIS_URL, { prefix, warn: (m) => warnings.push(m) });
    try {
      // 6 points a minute: one every 10 s.
      expect(await limiter.take('ip:a', 4, 6, 0.1)).toMatchObject({ allowed: true, remaining: 2, retryAfterSeconds: 0, resetSeconds: 40 });
      const refused = await limiter.take('ip:a', 4, 6, 0.1);
      expect(refused).toMatchObject({ allowed: false, remaining: 2 });
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(19);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(20);
      const ttl = await redis.pttl(`${prefix}ip:a`);
      expect(ttl).toBeGreaterThan(30_000);
      expect(ttl).toBeLessThanOrEqual(41_000);
      // Many takes at once: exactly the budget's worth gets through.
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.take('ip:burst', 1, 10, 0.001)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(warnings).toEqual([]);
    } finally {
      await limiter.close();
    }
  });

  it('refills continuously and forgets full buckets', async () => {
    const limiter = new RedisRateLimiter(REDIS_URL, { prefix });
    try {
      // 100 points a second.
      expect(await limiter.take('ip:fast', 10, 10, 100)).toMatchObject({ allowed: true, remaining: 0 });
      await sleep(60);
      expect(await limiter.take('ip:fast', 5, 10, 100)).toMatchObject({ allowed: true });
      await sleep(150);
      expect(await limiter.take('ip:fast', 0, 10, 100)).toMatchObject({ allowed: true, remaining: 10, resetSeconds: 0 });
      expect(await redis.exists(`${prefix}ip:fast`)).toBe(0);
    } finally {
      await limiter.close();
    }
  });

  it('loads its script again when Redis has forgotten it', async () => {
    const limiter = new RedisRateLimiter(REDIS_URL, { prefix });
    try {
      await limiter.take('ip:script', 1, 10, 1);
      await redis.script('FLUSH');
      expect(await limiter.take('ip:script', 1, 10, 0.001)).toMatchObject({ allowed: true, remaining: 8 });
    } finally {
      await limiter.close();
    }
  });

  it.skipIf(!hasRedisServer)('counts in memory while Redis is down, with one warning, and in Redis again once it answers', async () => {
    // A Redis server of this test's own, so it can be stopped and started again.
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const startRedis = async () => {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
      client.on('error', () => {});
      const ready = () => client.status === 'ready';
      for (let i = 0; i < 100 && !ready(); i++) {
        await client.connect().catch(() => {});
        if (!ready()) await sleep(100);
      }
      client.disconnect();
      return child;
    };
    const stopRedis = (child: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });

    const warnings: string[] = [];
    const limiter = new RedisRateLimiter(`redis://127.0.0.1:${port}`, { prefix, warn: (m) => warnings.push(m) });
    // Takes 1 point from `key` until the answer comes from Redis, where the bucket is new (9 left),
    // while in memory it has been spent before (fewer left).
    const untilRedis = async (key: string) => {
      for (let i = 0; i < 100; i++) {
        if ((await limiter.take(key, 1, 10, 0.001)).remaining === 9) return true;
        await sleep(100);
      }
      return false;
    };
    let server: ChildProcess | undefined;
    try {
      // No Redis yet: counted in memory, with one warning however many requests.
      for (let i = 0; i < 3; i++) expect(await limiter.take('ip:w', 1, 10, 0.001)).toMatchObject({ allowed: true, remaining: 9 - i });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Redis at 127\.0\.0\.1:\d+ does not answer.*memory/);

      server = await startRedis();
      expect(await untilRedis('ip:w')).toBe(true);
      expect(warnings).toHaveLength(2);
      expect(warnings[1]).toMatch(/answers again/);
      const direct = new Redis({ port, host: '127.0.0.1' });
      expect(await direct.hget(`${prefix}ip:w`, 't')).toMatch(/^9/);
      direct.disconnect();

      // Redis goes away and comes back (empty).
      await stopRedis(server);
      for (let i = 0; i < 3; i++) expect(await limiter.take('ip:y', 1, 10, 0.001)).toMatchObject({ allowed: true, remaining: 9 - i });
      expect(warnings).toHaveLength(3);
      server = await startRedis();
      expect(await untilRedis('ip:y')).toBe(true);
      expect(warnings).toHaveLength(4);
    } finally {
      await limiter.close();
      if (server) await stopRedis(server);
    }
  });
});

async function graphql(yoga: ReturnType<typeof createServer>, address: string, options: { key?: string; query?: string } = {}) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': address,
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
    },
    body: JSON.stringify({ query: options.query ?? '{ __typename }' }),
  });
  return {
    response,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, any> },
  };
}

describe('rate limits of the server', () => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  let key: string;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    const org = await createOrganization(db, { name: 'Rate limit partner' });
    key = (await createApiKey(db, org.id, 'k', ['admin'])).key;
    yoga = createServer(db, { logLevel: 'silent', trustProxy: 1, rateLimit: { anonymousPerMinute: 5, keyPerMinute: 8 } });
  });
  afterAll(async () => {
    await yoga?.dispose();
    await db?.close();
  });

  it('reports the budget in headers and extensions, then refuses with 429, Retry-After and RATE_LIMITED', async () => {
    const first = await graphql(yoga, '192.0.2.10');
    expect(first.response.status).toBe(200);
    expect(first.body.data).toEqual({ __typename: 'Query' });
    expect(first.response.headers.get('ratelimit-limit')).toBe('5');
    expect(first.response.headers.get('ratelimit-remaining')).toBe('4');
    expect(first.response.headers.get('ratelimit-policy')).toBe('5;w=60');
    expect(Number(first.response.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(11);
    expect(first.body.extensions?.cost?.throttleStatus).toEqual({ maximumAvailable: 5, currentlyAvailable: 4, restoreRate: 0.08 });

    for (let i = 3; i >= 0; i--) {
      const { response } = await graphql(yoga, '192.0.2.10');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-remaining')).toBe(String(i));
    }
    const asked = performance.now();
    const refused = await graphql(yoga, '192.0.2.10');
    // Refusals are held for a second, so a flood gets few of them.
    expect(performance.now() - asked).toBeGreaterThanOrEqual(900);
    expect(refused.response.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.body.errors?.[0]?.message).toMatch(/^Rate limit: .*try again in \d+ s\.$/);
    // One point comes back every 12 s.
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.response.headers.get('retry-after'))).toBeLessThanOrEqual(12);
    expect(refused.response.headers.get('ratelimit-remaining')).toBe('0');

    // Another address has its own budget.
    const other = await graphql(yoga, '198.51.100.20');
    expect(other.response.status).toBe(200);
    expect(other.response.headers.get('ratelimit-remaining')).toBe('4');
    // So does every IPv6 /64, but not each address inside one.
    expect((await graphql(yoga, '2001:db8:1:2::a')).response.headers.get('ratelimit-remaining')).toBe('4');
    expect((await graphql(yoga, '2001:db8:1:2::b')).response.headers.get('ratelimit-remaining')).toBe('3');
  });

  it('gives an API key its own, larger budget, refused before execution once spent', async () => {
    const address = '192.0.2.30';
    for (let i = 0; i < 5; i++) await graphql(yoga, address);
    expect((await graphql(yoga, address)).response.status).toBe(429);

    for (let i = 7; i >= 0; i--) {
      const { response, body } = await graphql(yoga, address, { key });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('8');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(i));
      expect(body.extensions?.cost?.throttleStatus).toMatchObject({ maximumAvailable: 8, currentlyAvailable: i });
    }
    // A mutation refused by the rate limit never runs.
    const refused = await graphql(yoga, address, {
      key,
      query: 'mutation { createSource(key: "rate-limited", name: "x", licence: "CC0-1.0") { __typename } }',
    });
    expect(refused.response.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.extensions?.cost?.throttleStatus).toMatchObject({ maximumAvailable: 8, currentlyAvailable: 0 });
    expect(await db.prisma.source.count({ where: { key: 'rate-limited' } })).toBe(0);
  });

  it('charges plain routes their points from the same budget and leaves health checks alone', async () => {
    const routes = createServer(db, { logLevel: 'silent', trustProxy: 1, rateLimit: { anonymousPerMinute: 30, keyPerMinute: 1000 } });
    try {
      const get = (path: string, address = '192.0.2.40') => routes.fetch(`http://localhost${path}`, { headers: { 'x-forwarded-for': address } });
      const page = await get('/dfc/enterprises');
      expect(page.status).toBe(200);
      expect(page.headers.get('ratelimit-remaining')).toBe('10');
      const refused = await get('/dfc/enterprises');
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({
        error: {
          code: 'TOO_MANY_REQUESTS',
          message: expect.stringMatching(/^Rate limit: this request costs 20 points and 10 of 30 are left; try again in \d+ s\.$/),
        },
      });
      // 10 points missing at half a point a second.
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(20);
      // GraphQL draws from the same bucket.
      expect((await graphql(routes, '192.0.2.40')).response.headers.get('ratelimit-remaining')).toBe('9');

      const health = await get('/healthz');
      expect(health.status).toBe(200);
      expect(health.headers.get('ratelimit-limit')).toBeNull();
      // An API key's requests count against the key, not the address.
      const keyed = await routes.fetch('http://localhost/dfc/enterprises', { headers: { 'x-forwarded-for': '192.0.2.40', authorization: `Bearer ${key}` } });
      expect(keyed.status).toBe(200);
      expect(keyed.headers.get('ratelimit-limit')).toBe('1000');
      expect(keyed.headers.get('ratelimit-remaining')).toBe('980');
    } finally {
      await routes.dispose();
    }
  });
});

describe.skipIf(!hasRedis)('a budget shared by two server processes through Redis', () => {
  const prefix = testPrefix();
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    const entry = fileURLToPath(new URL('../test/rate-limit-server.ts', import.meta.url));
    const started = Array.from({ length: 2 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', entry, prefix], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...process.env, REDIS_URL, RATE_LIMIT_ANONYMOUS: '6', RATE_LIMIT_KEY: '100', TRUST_PROXY: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return new Promise<number>((resolve, reject) => {
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening (\d+)/.exec(output);
          if (match) resolve(Number(match[1]));
        });
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`The test server exited with ${code}:\n${output}`)));
      });
    });
    ports.push(...(await Promise.all(started)));
  });

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    if (redis) {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    }
  });

  const ask = async (port: number, address: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return {
      status: response.status,
      remaining: response.headers.get('ratelimit-remaining'),
      body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] },
    };
  };

  it('lets the second process refuse once the first and second together have spent the budget', async () => {
    const [a, b] = ports as [number, number];
    const address = '203.0.113.50';
    for (const expected of ['5', '4', '3', '2']) expect(await ask(a, address)).toMatchObject({ status: 200, remaining: expected });
    expect(await ask(b, address)).toMatchObject({ status: 200, remaining: '1' });
    expect(await ask(b, address)).toMatchObject({ status: 200, remaining: '0' });
    const refused = await ask(b, address);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await ask(a, address)).status).toBe(429);
    // The budget lives in Redis under this run's prefix; other addresses are unaffected.
    expect(await redis.exists(`${prefix}ip:${address}`)).toBe(1);
    expect(await ask(b, '203.0.113.51')).toMatchObject({ status: 200, remaining: '5' });
  });
});
