import type { Database } from '../db/database.js';
import { type DfcPage, DfcPageError, dfcDocument, parseDfcPage } from '../dfc/dfc.js';
import { httpError } from './errors.js';
import type { Route } from './routes.js';

/**
 * /dfc/enterprises and /dfc/supplied_products (`?municipality=NO-3901`, paged with `?limit=` and
 * `?after=`). Every `@id` and link starts with `publicUrl` (PUBLIC_URL), never with the request's Host.
 */
export function dfcRoutes(db: Database, publicUrl: string): Route[] {
  const base = publicUrl.replace(/\/$/, '');
  return [
    {
      method: 'GET',
      path: '/dfc/:kind',
      async handler(_request, url, { kind }) {
        if (kind !== 'enterprises' && kind !== 'supplied_products')
          return httpError(404, 'NOT_FOUND', 'The DFC export has /dfc/enterprises and /dfc/supplied_products.');
        const municipality = url.searchParams.get('municipality')?.toUpperCase() ?? null;
        if (municipality && !/^[A-Z]{2}-\d{2,5}$/.test(municipality)) {
          return httpError(400, 'BAD_USER_INPUT', `"${municipality.slice(0, 50)}" is not a municipality code such as "NO-3901".`, { field: 'municipality' });
        }
        let page: DfcPage;
        try {
          page = parseDfcPage(url.searchParams);
        } catch (error) {
          if (!(error instanceof DfcPageError)) throw error;
          return httpError(400, 'BAD_USER_INPUT', error.message, { field: error.field });
        }
        const { document, next } = await dfcDocument(db, base, kind, { municipality }, page);
        const headers: Record<string, string> = { 'content-type': 'application/ld+json; charset=utf-8' };
        if (next) headers.link = `<${next}>; rel="next"`;
        return new Response(JSON.stringify(document), { headers });
      },
    },
  ];
}
