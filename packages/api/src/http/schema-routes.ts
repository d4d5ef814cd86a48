import { httpError } from './errors.js';
import type { Route } from './routes.js';
import { IMPORT_KINDS } from '../imports/columns.js';
import { importSchemaIndex, importSchemaJson } from '../imports/table-schema.js';

const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' };

/**
 * `/schemas/<kind>.json`: the Table Schema of each CSV import format, the same bytes as the committed
 * packages/api/schemas/<kind>.json; `/schemas/` lists them. Open to every origin: definitions of a
 * public format, which validators and partners' tools on other sites read.
 */
export function schemaRoutes(): Route[] {
  return [
    { method: 'GET', path: '/schemas', cors: 'any', handler: () => new Response(`${JSON.stringify(importSchemaIndex(), null, 2)}\n`, { headers }) },
    {
      method: 'GET',
      path: '/schemas/:name',
      cors: 'any',
      handler(_request, _url, { name }) {
        const kind = IMPORT_KINDS.find((k) => `${k}.json` === name);
        if (!kind) {
          const known = IMPORT_KINDS.map((k) => `${k}.json`).join(', ');
          return httpError(404, 'NOT_FOUND', `No import schema "${name!.slice(0, 100)}". Available: ${known}.`);
        }
        return new Response(importSchemaJson(kind), { headers });
      },
    },
  ];
}
