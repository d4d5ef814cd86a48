import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from './context.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { decodeGlobalId, encodeGlobalId } from '../ids.js';
import { nodeIdPlugin } from './plugins/node-id.js';
import { pageSizePlugin } from './plugins/page-size.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number | bigint };
    JSON: { Input: unknown; Output: unknown };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
    Decimal: { Input: number; Output: number | string | { toNumber(): number } };
    File: { Input: File; Output: never };
  };
}>({
  plugins: [pageSizePlugin, RelayPlugin, PrismaPlugin, nodeIdPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
  },
  relay: {
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    nodeQueryOptions: { description: 'Fetches any record by its global ID.' },
    nodesQueryOptions: { description: 'Fetches records by their global IDs, in the same order.' },
    nodeTypeOptions: { description: 'A record with a global ID.' },
    pageInfoTypeOptions: { description: 'Where a page of a connection lies.' },
    idFieldOptions: { description: 'Opaque global ID; use it with `node(id:)`.' },
    firstArgOptions: { description: `Returns the first n items (at most ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` },
    lastArgOptions: { description: `Returns the last n items (at most ${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'Returns the items after this cursor.' },
    beforeArgOptions: { description: 'Returns the items before this cursor.' },
    cursorFieldOptions: { description: 'Cursor of this item, for `after`/`before`.' },
    edgesFieldOptions: { description: 'The items of this page with their cursors.', nullable: false },
    pageInfoFieldOptions: { description: 'Whether more pages exist, and their cursors.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of this page.' },
    defaultConnectionTypeOptions: { description: 'A page of items.' },
    defaultEdgeTypeOptions: { description: 'An item with its cursor.' },
  },
});

builder.mutationType({ description: 'Write to the commons with an API key: upserts keyed by source and externalId, deletes, imports, keys and webhooks.' });
