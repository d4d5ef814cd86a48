import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db.js';
import { dataPackage, deliveryStatsCsv, exportKind, kindCsvStream } from './export.js';
import { EXPORT_KINDS } from './kinds.js';

const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}.csv"`,
  'access-control-allow-origin': '*',
  'cache-control': 'public, max-age=300',
});

/** `/export/<kind>.csv` for every public kind and `/export/datapackage.json` (Frictionless). */
export function exportRoutes(db: Database): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (!url.pathname.startsWith('/export/') && url.pathname !== '/export') return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new Response('Exports are read with GET.\n', { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const name = url.pathname.slice('/export/'.length);
      if (name === 'datapackage.json') {
        endResponse(Response.json(await dataPackage(db), { headers: { 'access-control-allow-origin': '*' } }));
        return;
      }
      if (name === 'delivery_stats.csv') {
        endResponse(new Response(await deliveryStatsCsv(db), { headers: csvHeaders('delivery_stats') }));
        return;
      }
      const kind = name.endsWith('.csv') ? exportKind(name.slice(0, -4)) : undefined;
      if (!kind) {
        const known = [...EXPORT_KINDS.map((k) => `${k.name}.csv`), 'delivery_stats.csv', 'datapackage.json'];
        endResponse(new Response(`No export "${name}". Available: ${known.join(', ')}.\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      endResponse(new Response(request.method === 'HEAD' ? null : kindCsvStream(db, kind), { headers: csvHeaders(kind.name) }));
    },
  };
}
