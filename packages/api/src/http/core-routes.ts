import type { Database } from '../db/database.js';
import type { Route } from './routes.js';

/** `/` sends people to GraphiQL; `/healthz` answers whether the database does. */
export function coreRoutes(db: Database): Route[] {
  return [
    { method: 'GET', path: '/', handler: () => new Response(null, { status: 302, headers: { location: '/graphql' } }) },
    {
      method: 'GET',
      path: '/healthz',
      async handler() {
        try {
          await db.sql.query('SELECT 1');
          return Response.json({ status: 'ok', database: db.kind }, { headers: { 'cache-control': 'no-store' } });
        } catch {
          return Response.json({ status: 'error', database: db.kind }, { status: 503, headers: { 'cache-control': 'no-store' } });
        }
      },
    },
  ];
}
