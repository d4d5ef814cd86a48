import type { Database } from '../db/database.js';
import { httpError } from './errors.js';
import type { Route } from './routes.js';
import { dataPackage, deliveryStatsCsv, exportKind, kindCsvStream } from '../exports/export.js';
import { EXPORT_KINDS } from '../exports/kinds.js';

const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}.csv"`,
  'cache-control': 'public, max-age=300',
});

/** `/export/<kind>.csv` for every public kind and `/export/datapackage.json` (Frictionless). */
export function exportRoutes(db: Database): Route[] {
  return [
    {
      method: 'GET',
      path: '/export/:name',
      async handler(request, _url, { name }) {
        if (name === 'datapackage.json') {
          // Resource paths are relative to this descriptor, so the package works at any address.
          return Response.json(await dataPackage(db), { headers: { 'cache-control': 'public, max-age=300' } });
        }
        if (name === 'delivery_stats.csv') return new Response(await deliveryStatsCsv(db), { headers: csvHeaders('delivery_stats') });
        const kind = name!.endsWith('.csv') ? exportKind(name!.slice(0, -4)) : undefined;
        if (!kind) {
          const known = [...EXPORT_KINDS.map((k) => `${k.name}.csv`), 'delivery_stats.csv', 'datapackage.json'];
          return httpError(404, 'NOT_FOUND', `No export "${name!.slice(0, 100)}". Available: ${known.join(', ')}.`);
        }
        // Rows are read as the client reads: a HEAD request reads none.
        return new Response(request.method === 'HEAD' ? null : kindCsvStream(db, kind), { headers: csvHeaders(kind.name) });
      },
    },
  ];
}
