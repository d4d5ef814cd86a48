import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../graphql/context.js';
import type { Database } from '../db/database.js';
import { createLoaders } from '../graphql/loaders.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import type { Source } from '../generated/prisma/client.js';
import { writeTransaction } from './changes.js';
import { type DeliveryInput, DeliveryLookups, normalizeDelivery, writeDeliveries } from './deliveries.js';
import { type ChangeRow, readChanges } from './feed.js';
import { createApiKey, createOrganization, createSource } from './keys.js';
import { kitchenSpec } from './kinds.js';
import { upsertBatch } from './upsert.js';

const LINES = 150;
const BATCHES = 15;

describe.each(databaseKinds)('change feed under concurrent writers on %s', (kind) => {
  let db: Database;
  let ctx: Context;
  let source: Source;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Storm' });
    await createSource(db, org.id, { key: 'storm', name: 'Storm', licence: 'CC0-1.0' });
    const { record } = await createApiKey(db, org.id, 'k', ['write', 'read:private']);
    ctx = { db, viewer: { organizationId: org.id, apiKeyId: record.id, scopes: ['write', 'read:private'] }, loaders: createLoaders(db) };
    source = await db.prisma.source.findUniqueOrThrow({ where: { key: 'storm' } });
    await upsertBatch(ctx, kitchenSpec, 'storm', [{ externalId: 'k', name: 'K', kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'COOKING' }]);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('holds every change exactly once, in an order that replays to the final state, while a reader follows along', async () => {
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1 + n));
    const line = (n: number, value: number): DeliveryInput => ({
      externalId: `l${String(n).padStart(4, '0')}`,
      kitchenExternalId: 'k',
      category: 'vegetables.root.potatoes',
      periodStart: day(n),
      periodEnd: day(n),
      value,
      currency: 'NOK',
    });
    let written = 0;
    // Two writers update lines of their own and, every third batch, a window of shared lines.
    const writer = async (w: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const start = b % 3 === 2 ? 2 * LINES + ((b * 37) % 50) : w * LINES + ((b * 37) % 50);
        const items = Array.from({ length: 100 }, (_, i) => line(start + i, w * 100_000 + b * 1000 + i));
        // A slow commit after the changes are logged is where a feed without commit-order positions
        // hands out a position that a reader passes before the change becomes visible.
        const { result } = await writeTransaction(
          db,
          { organizationId: ctx.viewer!.organizationId, apiKeyId: ctx.viewer!.apiKeyId },
          async (t) => {
            const look = new DeliveryLookups(t.sql, source);
            await look.loadReference();
            await look.loadFor(items);
            const rows = items.map((item) => normalizeDelivery(item, look).row!);
            return writeDeliveries(t.sql, source.id, rows, t.changes);
          },
          { beforeCommit: () => new Promise((r) => setTimeout(r, Math.random() * 8)) },
        );
        written += result.filter((o) => o.status !== 'UNCHANGED').length;
      }
    };
    // A reader follows the feed with its cursor while the writers run, as a partner would.
    const seen: ChangeRow[] = [];
    let cursor = '0';
    let running = true;
    const reader = async () => {
      while (running) {
        const page = await readChanges(db, { after: cursor, first: 100, types: ['Delivery'] });
        seen.push(...page.changes);
        cursor = page.endCursor;
        if (!page.hasMore) await new Promise((r) => setTimeout(r, 2));
      }
    };
    const following = reader();
    await Promise.all([writer(1), writer(2)]);
    running = false;
    await following;
    for (;;) {
      const page = await readChanges(db, { after: cursor, first: 100, types: ['Delivery'] });
      seen.push(...page.changes);
      cursor = page.endCursor;
      if (!page.hasMore) break;
    }

    expect(written).toBeGreaterThan(2000);
    const positions = seen.map((c) => c.id);
    expect(new Set(positions).size).toBe(positions.length); // no change twice
    expect(seen.length).toBe(written); // none missed
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);

    // Replaying the feed in order gives the stored state, and versions follow 1, 2, 3… per line.
    const replayed = new Map<string, { value: number; version: number }>();
    for (const c of seen) {
      const previous = replayed.get(c.externalId!);
      expect(c.version).toBe((previous?.version ?? 0) + 1);
      replayed.set(c.externalId!, { value: (c.data as { value: number }).value, version: c.version });
    }
    const stored = await db.prisma.delivery.findMany({ where: { source: { key: 'storm' } }, select: { externalId: true, value: true, version: true } });
    expect(stored.length).toBe(replayed.size);
    for (const row of stored) expect(replayed.get(row.externalId)).toEqual({ value: Number(row.value), version: row.version });
  });
});
