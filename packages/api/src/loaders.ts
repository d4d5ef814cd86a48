import DataLoader from 'dataloader';
import type { Database } from './db.js';
import type { Source } from './generated/prisma/client.js';
import { type GoalProgress, computeGoalProgress } from './stats/goal-progress.js';
import { type ChangeRow, readHistories } from './sync/feed.js';

/** Per-request batch loaders for what Prisma's query planning cannot fold into one query. */
export function createLoaders(db: Database) {
  return {
    source: new DataLoader<number, Source | null>(async (ids) => {
      const rows = await db.prisma.source.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    producerHistory: new DataLoader<string, ChangeRow[]>((ids) => readHistories(db, 'Producer', ids)),
    goalProgress: new DataLoader<number, GoalProgress>(async (ids) => {
      const goals = await db.prisma.goal.findMany({ where: { id: { in: [...ids] } }, include: { indicator: true } });
      const byId = new Map(goals.map((g) => [g.id, g]));
      return Promise.all(ids.map((id) => computeGoalProgress(db, byId.get(id)!)));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
