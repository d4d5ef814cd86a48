import type { Viewer } from '../access/auth.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Loaders } from './loaders.js';

/** What an operation costs in points (see the README's limits), set before it executes. */
export interface OperationCost {
  /** The operation's cost, computed from the query before execution. */
  requested: number;
  /** The most one operation may cost. */
  limit: number;
}

export interface Context {
  db: Database;
  viewer: Viewer | null;
  loaders: Loaders;
  /** The server's configuration; absent where domain code builds a context of its own. */
  config?: Config;
  /** The calling client's address (after trusted proxies), for rate limits. */
  clientAddress?: string;
  /** Aborted when the client goes away or the request's deadline passes. */
  signal?: AbortSignal;
  /** The request's deadline (restarted for imports). */
  deadline?: import('./plugins/deadline.js').Deadline;
  /** Set by the cost limit before execution. */
  cost?: OperationCost;
}

export type { Viewer };
