import DataLoader from 'dataloader';
import type { Database } from './database.js';

interface Statement {
  sql: string;
  params: unknown[];
}

export type SqlRunner = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Statements of one shape, issued while the same batch of records is being resolved, sent as one
 * statement: each becomes a branch of a UNION ALL, numbered, with its parameters renumbered, and its
 * rows are handed back to its caller in their order. A computation run once per record (the progress
 * of each goal on a page) then costs a fixed number of statements however many records there are.
 *
 * Statements of one `shape` must return the same columns; their text must not hold `$` other than
 * in parameters.
 */
export function createSqlBatcher(db: Database) {
  const loaders = new Map<string, DataLoader<Statement, Record<string, unknown>[]>>();
  const loaderOf = (shape: string) => {
    let loader = loaders.get(shape);
    if (!loader) {
      loader = new DataLoader<Statement, Record<string, unknown>[]>(runBatch, { cache: false });
      loaders.set(shape, loader);
    }
    return loader;
  };
  const runBatch = async (statements: readonly Statement[]): Promise<Record<string, unknown>[][]> => {
    if (statements.length === 1) return [await db.sql.query<Record<string, unknown>>(statements[0]!.sql, statements[0]!.params)];
    const params: unknown[] = [];
    const branches = statements.map((s, i) => {
      const offset = params.length;
      params.push(...s.params);
      const sql = s.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      return `SELECT ${i} AS fc_batch_index, row_number() OVER () AS fc_batch_row, q.* FROM (${sql}) q`;
    });
    const rows = await db.sql.query<Record<string, unknown> & { fc_batch_index: number; fc_batch_row: string | number }>(
      `${branches.join('\nUNION ALL\n')}\nORDER BY fc_batch_index, fc_batch_row`,
      params,
    );
    const results: Record<string, unknown>[][] = statements.map(() => []);
    for (const { fc_batch_index: index, fc_batch_row: _row, ...row } of rows) results[Number(index)]!.push(row);
    return results;
  };
  return {
    /** Runs the statement, batched with the other statements of the same shape issued meanwhile. */
    query<T>(shape: string, sql: string, params: unknown[]): Promise<T[]> {
      return loaderOf(shape).load({ sql, params }) as Promise<T[]>;
    },
    /** A runner for code that takes one (`computeDeliveryStats`), batched under `shape`. */
    runner(shape: string): SqlRunner {
      return <T>(sql: string, params: unknown[]) => loaderOf(shape).load({ sql, params }) as Promise<T[]>;
    },
  };
}

export type SqlBatcher = ReturnType<typeof createSqlBatcher>;
