import type { Database } from './db.js';
import type { Loaders } from './loaders.js';

/** Who is calling: anonymous, or a partner's API key. */
export interface Viewer {
  organizationId: number;
  apiKeyId: number;
  scopes: string[];
}

export interface Context {
  db: Database;
  viewer: Viewer | null;
  loaders: Loaders;
}
