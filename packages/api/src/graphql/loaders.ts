import DataLoader from 'dataloader';
import type { Database } from '../db/database.js';
import type { Source } from '../generated/prisma/client.js';
import { createGoalProgressLoader } from '../stats/goal-progress.js';
import { type ChangeRow, readHistories } from '../sync/feed.js';

/** Per-request batch loaders for what Prisma's query planning cannot fold into one query. */
export function createLoaders(db: Database) {
  return {
    source: new DataLoader<number, Source | null>(async (ids) => {
      const rows = await db.prisma.source.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    producerHistory: new DataLoader<string, ChangeRow[]>((ids) => readHistories(db, 'Producer', ids)),
    goalProgress: createGoalProgressLoader(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
