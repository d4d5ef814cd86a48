import { builder } from '../builder.js';
import { requireScope } from '../../access/policy.js';
import { encodeGlobalId } from '../../ids.js';
import type { Context } from '../context.js';
import { ErrorCode, UserError } from '../../errors.js';
import { type ChangeRow, RECORD_TYPES, readChanges, visibleData, visibleExternalId } from '../../sync/feed.js';
import { DELETABLE_TYPES, deleteRecords } from '../../sync/delete.js';
import { upsertDeliveries } from '../../sync/deliveries.js';
import { agreementSpec, demandSpec, goalSpec, hubSpec, kitchenSpec, observationSpec, producerSpec } from '../../sync/kinds.js';
import { type BatchResult, type ItemResult, type KindSpec, upsertBatch } from '../../sync/upsert.js';
import { SCOPES, createApiKey, createSource, revokeApiKey } from '../../sync/keys.js';
import { IMPORT_KINDS, type HeaderProblem, type ImportKind, KIND_COLUMNS } from '../../imports/columns.js';
import { type ImportReport, MAX_REPORTED_ERRORS, type RowError, importCsv } from '../../imports/import.js';
import { createWebhook, deactivateWebhook, deleteWebhook, replayDeliveries } from '../../sync/webhooks.js';
import { loadConfig } from '../../config.js';
import { importDfcCatalog } from '../../dfc/dfc.js';
import { type MergeResult, type MergeType, mergeRecords } from '../../sync/merge.js';
import { type PurgeResult, purgePersonalData } from '../../sync/purge.js';
import { AGREEMENT, DEMAND } from '../../records/agreements.js';
import { DELIVERY } from '../../records/deliveries.js';
import { GOAL, OBSERVATION } from '../../records/goals.js';
import { HUB } from '../../records/hubs.js';
import { KITCHEN } from '../../records/kitchens.js';
import { PRODUCER } from '../../records/producers.js';
import { type InputRef, recordInput } from './record-inputs.js';

// ─── Results ────────────────────────────────────────────────────────────────────

const ItemStatus = builder.enumType('ItemStatus', {
  description: 'What happened to one item of a batch.',
  values: {
    CREATED: { description: 'A new record was written.' },
    UPDATED: { description: 'The record changed; its version went up by one.' },
    UNCHANGED: { description: 'The record already said exactly this: nothing was written, the version stayed.' },
    DELETED: { description: 'The record was tombstoned.' },
    SKIPPED: { description: 'The item is valid but was not written, because another item of the batch failed (not in partial mode).' },
    ERROR: { description: 'The item is invalid; see `errors`.' },
  } as const,
});

const ItemErrorRef = builder.objectRef<{ field: string; code: string; message: string; value?: string | null }>('ItemError').implement({
  description: 'A problem with one field of one item.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path of the field, e.g. "items[3].municipalityCode".' }),
    code: t.exposeString('code', { description: 'Error code, e.g. BAD_USER_INPUT, UNKNOWN_CODE, NOT_FOUND.' }),
    message: t.exposeString('message', { description: 'What is wrong and how to fix it.' }),
    value: t.string({ nullable: true, description: 'The offending value, when there is one.', resolve: (e) => e.value ?? null }),
  }),
});

const ItemResultRef = builder.objectRef<ItemResult>('ItemResult').implement({
  description: 'The outcome for one item of a batch, in input order.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the item in the input list (from 0).' }),
    externalId: t.exposeString('externalId', { description: "The item's externalId." }),
    status: t.field({ type: ItemStatus, description: 'What happened.', resolve: (r) => r.status }),
    id: t.id({
      nullable: true,
      description: 'Global ID of the record, when written or unchanged.',
      resolve: (r) => (r.id === null ? null : encodeGlobalId(r.recordType, r.id)),
    }),
    version: t.int({ nullable: true, description: "The record's version after the call.", resolve: (r) => r.version }),
    errors: t.field({ type: [ItemErrorRef], description: 'Problems, empty unless status is ERROR.', resolve: (r) => r.errors }),
    notes: t.stringList({ description: 'What was adjusted, e.g. an older municipality code mapped to its current one.', resolve: (r) => r.notes }),
  }),
});

const BatchResultRef = builder.objectRef<BatchResult>('BatchResult').implement({
  description: 'The outcome of a batch. Unless partial mode was asked for, a batch with any bad item writes nothing.',
  fields: (t) => ({
    committed: t.exposeBoolean('committed', {
      description: 'Whether the batch was written (false after a dry run or when any item failed outside partial mode).',
    }),
    created: t.exposeInt('created', { description: 'Items created.' }),
    updated: t.exposeInt('updated', { description: 'Items updated.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Items that changed nothing.' }),
    deleted: t.exposeInt('deleted', { description: 'Items tombstoned.' }),
    failed: t.exposeInt('failed', { description: 'Items with errors.' }),
    lastPosition: t.string({
      nullable: true,
      description: 'Change-feed position of the last change written: pass it as `changes(after:)` to follow on.',
      resolve: (r) => r.lastPosition?.toString() ?? null,
    }),
    items: t.field({ type: [ItemResultRef], description: 'One result per item, in input order.', resolve: (r) => r.items }),
  }),
});

// ─── Mutations ──────────────────────────────────────────────────────────────────

// The input types come from the record tables (records/, via record-inputs.ts).
function upsertField<I extends { externalId: string }>(name: string, input: InputRef<I>, spec: KindSpec<I>, what: string) {
  builder.mutationField(name, (t) =>
    t.field({
      type: BatchResultRef,
      description: `Creates or updates ${what} (at most 1,000 a call), keyed by source + externalId. Needs an API key with the write scope of the organization that owns the source.`,
      args: {
        source: t.arg.string({ required: true, description: 'Key of your source, e.g. "kismet-sodertalje".' }),
        partial: t.arg.boolean({ defaultValue: false, description: 'Write the good items even when others fail (default: all or nothing).' }),
        dryRun: t.arg.boolean({ defaultValue: false, description: 'Validate and report without writing.' }),
        items: t.arg({ type: [input], required: true, description: `The ${what}.` }),
      },
      resolve: (_root, args, ctx) => upsertBatch(ctx, spec, args.source, args.items, { partial: args.partial ?? false, dryRun: args.dryRun ?? false }),
    }),
  );
}

upsertField('upsertProducers', recordInput(PRODUCER), producerSpec, 'producers with their products and certificates');
upsertField('upsertKitchens', recordInput(KITCHEN), kitchenSpec, 'kitchens');
upsertField('upsertHubs', recordInput(HUB), hubSpec, 'hubs');
upsertField('upsertAgreements', recordInput(AGREEMENT), agreementSpec, 'agreements with their lots');
upsertField('upsertDemands', recordInput(DEMAND), demandSpec, 'demands');
upsertField('upsertGoals', recordInput(GOAL), goalSpec, 'goals');
upsertField('upsertObservations', recordInput(OBSERVATION), observationSpec, 'observations');

builder.mutationField('upsertDeliveries', (t) =>
  t.field({
    type: BatchResultRef,
    description:
      'Creates or updates delivery lines (at most 1,000 a call; use importFile for more), keyed by source + externalId. A line overlapping another of the same kitchen, article and period is refused unless it names the line it replaces; two lines are the same article when their GTIN matches or, without GTIN, when category, producer, supplier, organic status, certifications, unit and articleCode all match.',
    args: {
      source: t.arg.string({ required: true, description: 'Key of your source.' }),
      partial: t.arg.boolean({ defaultValue: false, description: 'Write the good items even when others fail.' }),
      dryRun: t.arg.boolean({ defaultValue: false, description: 'Validate and report without writing.' }),
      items: t.arg({ type: [recordInput(DELIVERY)], required: true, description: 'The lines.' }),
    },
    resolve: (_root, args, ctx) => upsertDeliveries(ctx, args.source, args.items, { partial: args.partial ?? false, dryRun: args.dryRun ?? false }),
  }),
);

const DeletableType = builder.enumType('DeletableType', {
  description: 'Record types `deleteRecords` accepts.',
  values: Object.fromEntries(DELETABLE_TYPES.map((t) => [t, { value: t, description: `${t} records.` }])) as Record<
    string,
    { value: string; description: string }
  >,
});

builder.mutationField('deleteRecords', (t) =>
  t.field({
    type: BatchResultRef,
    description: 'Soft-deletes records of your source (tombstones, published on the change feed). Deleting twice reports UNCHANGED.',
    args: {
      source: t.arg.string({ required: true, description: 'Key of your source.' }),
      type: t.arg({ type: DeletableType, required: true, description: 'Record type.' }),
      externalIds: t.arg.stringList({ required: true, description: 'Your externalIds of the records (at most 1,000).' }),
      partial: t.arg.boolean({ defaultValue: false, description: 'Delete the ones found even when others are not.' }),
    },
    resolve: (_root, args, ctx) => deleteRecords(ctx, args.source, args.type as string, args.externalIds, { partial: args.partial ?? false }),
  }),
);

// ─── Keys and sources ───────────────────────────────────────────────────────────

const requireAdmin = (ctx: Context) => requireScope(ctx.viewer, 'admin', 'Managing keys, sources and webhooks');

builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  nullable: true,
  description: "One of your organization's API keys. The key itself is shown only once, when created.",
  findUnique: (id, ctx) => ({ id: Number(id), organizationId: ctx.viewer?.organizationId ?? -1 }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name given at creation.' }),
    prefix: t.exposeString('prefix', { description: 'First characters of the key, to recognise it.' }),
    scopes: t.exposeStringList('scopes', { description: `Scopes: ${Object.keys(SCOPES).join(', ')}.` }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'When it was last used.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked; revoked keys are refused.' }),
  }),
});

const CreatedKey = builder.objectRef<{ key: string; record: { id: number } }>('CreatedApiKey').implement({
  description: 'A new key: store `key` now, it is never shown again.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The full key, for the Authorization: Bearer header.' }),
    apiKey: t.prismaField({
      type: 'ApiKey',
      description: 'The stored key (hashed).',
      resolve: (query, parent, _a, ctx) => ctx.db.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id: parent.record.id } }),
    }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.prismaField({
    type: ['ApiKey'],
    description: "Your organization's API keys (needs the admin scope).",
    resolve: (query, _r, _a, ctx) =>
      ctx.db.prisma.apiKey.findMany({ ...query, where: { organizationId: requireAdmin(ctx).organizationId }, orderBy: { id: 'asc' } }),
  }),
);

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedKey,
    description: `Creates a key for your organization (needs the admin scope). Scopes: ${Object.entries(SCOPES)
      .map(([k, v]) => `${k} (${v})`)
      .join('; ')}.`,
    args: {
      name: t.arg.string({ required: true, description: 'What the key is for, e.g. "nightly import".' }),
      scopes: t.arg.stringList({ required: true, description: 'Scopes of the new key.' }),
    },
    resolve: (_r, args, ctx) => {
      const admin = requireAdmin(ctx);
      const reserved = args.scopes.find((s) => s === 'curate' || s === 'operate');
      if (reserved) {
        throw new UserError(
          ErrorCode.FORBIDDEN,
          `The ${reserved} scope is granted by the operator of this server (pnpm fc keys create --scopes ${reserved}), not over the API.`,
          { field: 'scopes' },
        );
      }
      return createApiKey(ctx.db, admin.organizationId, args.name, args.scopes);
    },
  }),
  revokeApiKey: t.prismaField({
    type: 'ApiKey',
    description: "Revokes one of your organization's keys by its prefix (needs the admin scope). It is refused from then on.",
    args: { prefix: t.arg.string({ required: true, description: 'The key prefix, e.g. "fc_AbC123xY".' }) },
    resolve: async (query, _r, args, ctx) => {
      const key = await revokeApiKey(ctx.db, args.prefix, requireAdmin(ctx).organizationId);
      return ctx.db.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id: key.id } });
    },
  }),
  createSource: t.prismaField({
    type: 'Source',
    description: 'Creates a source owned by your organization (needs the admin scope); only your keys may write to it.',
    args: {
      key: t.arg.string({ required: true, description: 'Stable key, e.g. "kismet-sodertalje".' }),
      name: t.arg.string({ required: true, description: 'Name of the dataset.' }),
      licence: t.arg.string({ required: true, description: 'SPDX licence identifier, e.g. "CC-BY-4.0".' }),
      url: t.arg.string({ description: 'Where the dataset is published.' }),
      attribution: t.arg.string({ description: 'Attribution that must accompany the data.' }),
    },
    resolve: async (query, _r, args, ctx) => {
      const source = await createSource(ctx.db, requireAdmin(ctx).organizationId, args);
      return ctx.db.prisma.source.findUniqueOrThrow({ ...query, where: { id: source.id } });
    },
  }),
}));

// ─── Change feed and history ────────────────────────────────────────────────────

const ChangeOperation = builder.enumType('ChangeOperation', {
  description: 'Kinds of change.',
  values: {
    CREATE: { description: 'A record was created.' },
    UPDATE: { description: 'A record changed.' },
    DELETE: { description: 'A record was tombstoned.' },
    MERGE: { description: 'A record was merged into another.' },
    PURGE: { description: "A person's data was erased." },
  } as const,
});

const ChangeRef = builder.objectRef<ChangeRow>('Change').implement({
  description: 'One entry of the append-only change log: what changed, when, and who did it.',
  fields: (t) => ({
    position: t.string({ description: 'Position in commit order; the cursor to resume after this change.', resolve: (c) => c.id.toString() }),
    operation: t.field({ type: ChangeOperation, description: 'What happened.', resolve: (c) => c.operation }),
    recordType: t.exposeString('recordType', { description: 'GraphQL type of the record, e.g. "Producer".' }),
    recordId: t.id({ description: 'Global ID of the record (use it with `node`).', resolve: (c) => encodeGlobalId(c.recordType, c.recordId) }),
    externalId: t.string({
      nullable: true,
      description: "The record's externalId in its source (withheld from others when it carries a personal identity number).",
      resolve: (c, _a, ctx) => visibleExternalId(c, ctx.viewer),
    }),
    source: t.string({ nullable: true, description: 'Key of the source the record belongs to.', resolve: (c) => c.sourceKey }),
    version: t.exposeInt('version', { description: "The record's version after the change." }),
    at: t.field({ type: 'DateTime', description: 'When the change was made.', resolve: (c) => c.at }),
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      description: 'The organization whose key made the change (audit); empty for changes by the operators.',
      resolve: (query, c, _a, ctx) => (c.organizationId === null ? null : ctx.db.prisma.organization.findUnique({ ...query, where: { id: c.organizationId } })),
    }),
    apiKeyPrefix: t.string({
      nullable: true,
      description: "Prefix of the key that made the change; shown to that key's organization only.",
      resolve: async (c, _a, ctx) => {
        if (c.apiKeyId === null || !ctx.viewer || ctx.viewer.organizationId !== c.organizationId) return null;
        return (await ctx.db.prisma.apiKey.findUnique({ where: { id: c.apiKeyId }, select: { prefix: true } }))?.prefix ?? null;
      },
    }),
    data: t.field({
      type: 'JSON',
      nullable: true,
      description:
        "The record as written (null for deletes). Delivery lines only to their source's organization with read:private; personal data (contact, exact location) only to the source's organization.",
      resolve: (c, _a, ctx) => visibleData(c, ctx.viewer) as never,
    }),
  }),
});

const ChangePage = builder.objectRef<{ changes: ChangeRow[]; hasMore: boolean; endCursor: string }>('ChangePage').implement({
  description: 'A page of the change feed.',
  fields: (t) => ({
    changes: t.field({ type: [ChangeRef], description: 'Changes in commit order.', resolve: (p) => p.changes }),
    endCursor: t.exposeString('endCursor', { description: 'Pass as `after` for the next page; store it to resume after a crash.' }),
    hasMore: t.exposeBoolean('hasMore', { description: 'Whether more changes follow already.' }),
  }),
});

builder.queryField('changes', (t) =>
  t.field({
    type: ChangePage,
    description:
      'Every create, update and delete in commit order, after a cursor. Positions are handed out at commit, so resuming from a stored cursor never misses or repeats a change.',
    args: {
      after: t.arg.string({ description: 'Cursor (a position) to continue after; leave out to start at the beginning.' }),
      first: t.arg.int({ defaultValue: 100, description: 'How many changes (1–100).' }),
      types: t.arg.stringList({ description: `Only these record types: ${RECORD_TYPES.join(', ')}.` }),
      source: t.arg.string({ description: 'Only records of this source (key).' }),
    },
    resolve: (_r, args, ctx) => readChanges(ctx.db, { after: args.after, first: args.first, types: args.types, source: args.source }),
  }),
);

builder.prismaObjectField('Producer', 'history', (t) =>
  t.field({
    type: [ChangeRef],
    description: 'Changes of this producer, oldest first (the latest 1,000), with the organization that made each (audit).',
    resolve: (p, _a, ctx) => ctx.loaders.producerHistory.load(String(p.id)),
  }),
);

// ─── CSV import ─────────────────────────────────────────────────────────────────

builder.scalarType('File', {
  description: 'A file sent as a multipart upload (GraphQL multipart request spec).',
  serialize: () => {
    throw new UserError(ErrorCode.BAD_USER_INPUT, 'Files are only accepted as input.');
  },
  parseValue: (value) => {
    // Duck-typed: the server's File class may come from another realm than the global one.
    const file = value as File | null;
    if (!file || typeof file !== 'object' || typeof file.stream !== 'function' || typeof file.arrayBuffer !== 'function')
      throw new UserError(ErrorCode.BAD_USER_INPUT, 'Send the file as a multipart upload (see the README, "Partner sync").');
    return file;
  },
});

const ImportKindEnum = builder.enumType('ImportKind', {
  description: 'Kinds of CSV file `importFile` accepts (columns as in the README).',
  values: Object.fromEntries(
    IMPORT_KINDS.map((k) => [k.toUpperCase(), { value: k, description: `A ${k} file: ${[...KIND_COLUMNS[k].required].join(', ')}, …` }]),
  ) as Record<string, { value: ImportKind; description: string }>,
});

const HeaderProblemRef = builder.objectRef<HeaderProblem>('HeaderProblem').implement({
  description: 'A problem with the header row.',
  fields: (t) => ({
    column: t.string({ nullable: true, description: 'The column concerned.', resolve: (p) => p.column }),
    message: t.exposeString('message', { description: 'What is wrong, with a suggestion for a misspelt column.' }),
  }),
});

const RowErrorRef = builder.objectRef<RowError>('RowError').implement({
  description: 'A problem with one cell or row of the file.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Line in the file (the header is line 1).' }),
    column: t.string({ nullable: true, description: 'Column name.', resolve: (e) => e.column }),
    value: t.string({ nullable: true, description: 'The offending value.', resolve: (e) => e.value }),
    message: t.exposeString('message', { description: 'What is wrong.' }),
  }),
});

const PreviousImport = builder.objectRef<{ id: number; at: Date; rows: number }>('PreviousImport').implement({
  description: 'An earlier import of the same file (same bytes) into the same source.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When.', resolve: (p) => p.at }),
    rows: t.exposeInt('rows', { description: 'Rows it had.' }),
  }),
});

export const ImportReportRef = builder.objectRef<ImportReport>('ImportReport').implement({
  description: 'The outcome of a CSV import. All or nothing unless partial mode was asked for.',
  fields: (t) => ({
    committed: t.exposeBoolean('committed', { description: 'Whether anything was written.' }),
    dryRun: t.exposeBoolean('dryRun', { description: 'Whether this was a dry run.' }),
    kind: t.field({ type: ImportKindEnum, description: 'Kind of file.', resolve: (r) => r.kind }),
    source: t.exposeString('source', { description: 'Source key.' }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the file: the same file again is detected by it.' }),
    encoding: t.string({ nullable: true, description: 'Encoding detected (utf-8, utf-16le, utf-16be, windows-1252).', resolve: (r) => r.encoding }),
    delimiter: t.string({ nullable: true, description: 'Delimiter detected (",", ";" or "tab").', resolve: (r) => r.delimiter }),
    rows: t.exposeInt('rows', { description: 'Data rows read.' }),
    created: t.exposeInt('created', { description: 'Records created.' }),
    updated: t.exposeInt('updated', { description: 'Records updated.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Rows that changed nothing (or were not written).' }),
    failed: t.exposeInt('failed', { description: 'Bad rows.' }),
    previousImport: t.field({
      type: PreviousImport,
      nullable: true,
      description: 'The earlier import of this same file, if any.',
      resolve: (r) => r.previousImport,
    }),
    headerProblems: t.field({ type: [HeaderProblemRef], description: 'Problems with the header row (then no row is read).', resolve: (r) => r.headerProblems }),
    errors: t.field({
      type: [RowErrorRef],
      description: `Bad rows: row, column, value and message (the first ${MAX_REPORTED_ERRORS.toLocaleString('en')}).`,
      resolve: (r) => r.errors,
    }),
    errorCount: t.exposeInt('errorCount', { description: 'How many problems there were in all.' }),
    notes: t.exposeStringList('notes', { description: 'What was adjusted (e.g. older municipality codes mapped), and re-import notices.' }),
    lastPosition: t.string({
      nullable: true,
      description: 'Change-feed position of the last change written.',
      resolve: (r) => r.lastPosition?.toString() ?? null,
    }),
  }),
});

builder.mutationField('importFile', (t) =>
  t.field({
    type: ImportReportRef,
    description:
      'Imports a CSV file (multipart upload) into your source: UTF-8 with or without BOM, UTF-16 or Windows-1252; comma, semicolon or tab; decimal commas accepted. Every bad row is reported; nothing is written when any row is bad unless `partial`.',
    args: {
      kind: t.arg({ type: ImportKindEnum, required: true, description: 'What the file holds.' }),
      source: t.arg.string({ required: true, description: 'Key of your source.' }),
      file: t.arg({ type: 'File', required: true, description: 'The CSV file.' }),
      dryRun: t.arg.boolean({ defaultValue: false, description: 'Validate and report without writing.' }),
      partial: t.arg.boolean({ defaultValue: false, description: 'Write the good rows even when others are bad.' }),
      force: t.arg.boolean({ defaultValue: false, description: 'Import again a file that was already imported.' }),
    },
    resolve: (_r, args, ctx) =>
      importCsv(ctx.db, ctx.viewer, () => args.file.stream() as unknown as AsyncIterable<Uint8Array>, {
        kind: args.kind as ImportKind,
        source: args.source,
        fileName: args.file.name || null,
        dryRun: args.dryRun ?? false,
        partial: args.partial ?? false,
        force: args.force ?? false,
      }),
  }),
);

// ─── Webhooks ───────────────────────────────────────────────────────────────────

builder.prismaObject('WebhookDelivery', {
  description: 'One event sent (or to be sent) to a webhook, with its attempts.',
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'Event ID, also in the FoodCommons-Event-Id header: de-duplicate on it.' }),
    position: t.string({ description: 'Change-feed position of the change it carries.', resolve: (d) => d.changeId.toString() }),
    status: t.exposeString('status', {
      description:
        'pending, sending (in flight), delivered, failed (will be retried), dead (gave up; can be replayed) or cancelled (its webhook was deactivated).',
    }),
    attempts: t.exposeInt('attempts', { description: 'Attempts so far.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When it is tried next.' }),
    responseStatus: t.exposeInt('responseStatus', { nullable: true, description: 'HTTP status of the last attempt.' }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description:
        'Why the last attempt failed, as a category: "HTTP 500", "timed out", "connection failed", "TLS failed", "host not found", "refused: address not allowed".',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event was queued.' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When it was delivered.' }),
  }),
});

builder.prismaNode('Webhook', {
  id: { field: 'id' },
  nullable: true,
  description: "A partner's subscription: change events are POSTed to its URL, signed with HMAC-SHA256.",
  findUnique: (id, ctx) => ({ id: Number(id), organizationId: ctx.viewer?.organizationId ?? -1 }),
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    recordTypes: t.exposeStringList('recordTypes', { description: 'Record types it receives; empty means all.' }),
    active: t.exposeBoolean('active', { description: 'Whether events are queued for it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was registered.' }),
    deliveries: t.relation('deliveries', {
      description: 'Its latest deliveries (at most 100), newest first; `status: "failed"` lists the failed ones.',
      args: { status: t.arg.string({ description: 'Only this status: pending, sending, delivered, failed, dead or cancelled.' }) },
      query: (args) => ({ where: args.status ? { status: args.status } : {}, orderBy: { id: 'desc' }, take: 100 }),
    }),
  }),
});

const CreatedWebhook = builder.objectRef<{ webhook: { id: number }; secret: string }>('CreatedWebhook').implement({
  description: 'A new webhook and its signing secret: store the secret now, it is never shown again.',
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'Secret for verifying the FoodCommons-Signature header.' }),
    webhook: t.prismaField({
      type: 'Webhook',
      description: 'The webhook.',
      resolve: (query, p, _a, ctx) => ctx.db.prisma.webhook.findUniqueOrThrow({ ...query, where: { id: p.webhook.id } }),
    }),
  }),
});

builder.queryField('webhooks', (t) =>
  t.prismaField({
    type: ['Webhook'],
    description: "Your organization's webhooks (needs the admin scope).",
    resolve: (query, _r, _a, ctx) =>
      ctx.db.prisma.webhook.findMany({ ...query, where: { organizationId: requireAdmin(ctx).organizationId }, orderBy: { id: 'asc' } }),
  }),
);

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreatedWebhook,
    description: 'Registers a URL to receive change events of the kinds named (needs the admin scope).',
    args: {
      url: t.arg.string({
        required: true,
        description:
          'http(s) URL that accepts POSTed JSON, without user name or password, on a public address (loopback, private, link-local and similar addresses are refused).',
      }),
      recordTypes: t.arg.stringList({ defaultValue: [], description: `Record types (${RECORD_TYPES.join(', ')}); empty means all.` }),
    },
    resolve: (_r, args, ctx) => createWebhook(ctx.db, ctx.config ?? loadConfig({}), requireAdmin(ctx).organizationId, args.url, args.recordTypes ?? []),
  }),
  deactivateWebhook: t.prismaField({
    type: 'Webhook',
    description: 'Stops queueing events for a webhook and cancels those queued (needs the admin scope).',
    args: { id: t.arg.globalID({ required: true, description: 'The webhook.' }) },
    resolve: async (query, _r, args, ctx) => {
      const webhook = await deactivateWebhook(ctx.db, requireAdmin(ctx).organizationId, Number(args.id.id));
      return ctx.db.prisma.webhook.findUniqueOrThrow({ ...query, where: { id: webhook.id } });
    },
  }),
  deleteWebhook: t.boolean({
    description: 'Deletes a webhook with its queued deliveries and its delivery log (needs the admin scope).',
    args: { id: t.arg.globalID({ required: true, description: 'The webhook.' }) },
    resolve: async (_r, args, ctx) => {
      await deleteWebhook(ctx.db, requireAdmin(ctx).organizationId, Number(args.id.id));
      return true;
    },
  }),
  replayWebhookDeliveries: t.int({
    description: 'Queues failed and given-up deliveries again (all of yours, or the event IDs named); returns how many (needs the admin scope).',
    args: { eventIds: t.arg.stringList({ description: 'Only these events.' }) },
    resolve: async (_r, args, ctx) => {
      const org = requireAdmin(ctx).organizationId;
      let ids: number[] | null = null;
      if (args.eventIds?.length)
        ids = (await ctx.db.prisma.webhookDelivery.findMany({ where: { eventId: { in: args.eventIds } }, select: { id: true } })).map((d) => d.id);
      if (ids && ids.length === 0) return 0;
      return (await replayDeliveries(ctx.db, org, ids)).length;
    },
  }),
}));

// ─── DFC ────────────────────────────────────────────────────────────────────────

const DfcImportResult = builder.objectRef<BatchResult & { notes: string[] }>('DfcImportResult').implement({
  description: 'The outcome of a DFC catalogue import: one item per enterprise, plus what was left out.',
  fields: (t) => ({
    result: t.field({ type: BatchResultRef, description: 'Per-enterprise results (keyed by the enterprise URI).', resolve: (r) => r }),
    notes: t.exposeStringList('notes', { description: 'Products left out, and why.' }),
  }),
});

builder.mutationField('importDfcCatalog', (t) =>
  t.field({
    type: DfcImportResult,
    description:
      'Creates or updates producers and their products from a DFC (Data Food Consortium) JSON-LD catalogue, as Open Food Network publishes it. Product types map to categories through their DFC product type.',
    args: {
      source: t.arg.string({ required: true, description: 'Key of your source.' }),
      document: t.arg({ type: 'JSON', required: true, description: 'The JSON-LD document (with "@graph").' }),
      partial: t.arg.boolean({ defaultValue: false, description: 'Write the good enterprises even when others fail.' }),
    },
    resolve: (_r, args, ctx) => importDfcCatalog(ctx, args.source, args.document, { partial: args.partial ?? false }),
  }),
);

// ─── Identity across sources: merge ─────────────────────────────────────────────

builder.prismaObjectField('Producer', 'mergedInto', (t) =>
  t.relation('mergedInto', {
    nullable: true,
    description: 'The producer this one was merged into (the same farm from another source). A merged producer is hidden from lists; its ID keeps answering.',
  }),
);

const MergeResultRef = builder.objectRef<MergeResult>('MergeResult').implement({
  description: 'The outcome of a merge: the duplicate now points at the survivor, and so do the records that referred to it.',
  fields: (t) => ({
    duplicate: t.id({
      description: 'Global ID of the merged record (still answers `node(id:)`, with `mergedInto`).',
      resolve: (r) => encodeGlobalId(r.recordType, r.duplicateId),
    }),
    survivor: t.id({ description: 'Global ID of the record it was merged into.', resolve: (r) => encodeGlobalId(r.recordType, r.survivorId) }),
    repointed: t.exposeInt('repointed', { description: 'References (deliveries, awards, producers, identifiers…) moved to the survivor.' }),
    lastPosition: t.string({ nullable: true, description: 'Change-feed position of the MERGE change.', resolve: (r) => r.lastPosition?.toString() ?? null }),
  }),
});

const mergeArgs = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0], label: string) => ({
  duplicate: t.arg.id({ required: true, description: `Global ID of the duplicate ${label}: it is tombstoned with mergedInto.` }),
  into: t.arg.id({ required: true, description: `Global ID of the ${label} that survives.` }),
});

const merge = (type: MergeType) => (_r: unknown, args: { duplicate: string | number | bigint; into: string | number | bigint }, ctx: Context) =>
  mergeRecords(ctx.db, ctx.viewer, type, { duplicate: String(args.duplicate), into: String(args.into) });

builder.mutationFields((t) => ({
  mergeProducers: t.field({
    type: MergeResultRef,
    description:
      "Merges a duplicate producer (the same farm from another source) into a surviving one: references move to the survivor, the duplicate is hidden from lists but its ID answers with mergedInto, and a MERGE change goes out. Allowed to the organization owning the duplicate's source (write scope) or a key with the curate scope.",
    args: mergeArgs(t, 'producer'),
    resolve: merge('Producer'),
  }),
  mergeOrganizations: t.field({
    type: MergeResultRef,
    description:
      "Merges a duplicate organization into a surviving one: the survivor keeps the duplicate's identifiers (org number, its key in its source), references move to it, and a MERGE change goes out. Allowed to the organization owning the duplicate's source (write scope) or a key with the curate scope.",
    args: mergeArgs(t, 'organization'),
    resolve: merge('Organization'),
  }),
}));

// ─── Personal data: erasure ─────────────────────────────────────────────────────

const PurgedRecord = builder.objectRef<PurgeResult['records'][number]>('PurgedRecord').implement({
  description: 'A record whose personal data was erased.',
  fields: (t) => ({
    id: t.id({ description: 'Global ID of the record.', resolve: (r) => encodeGlobalId(r.recordType, r.id) }),
    recordType: t.exposeString('recordType', { description: 'Organization or Producer.' }),
    erased: t.exposeStringList('erased', { description: 'The fields erased, from the record and from its history.' }),
  }),
});

const PurgeResultRef = builder.objectRef<PurgeResult>('PurgeResult').implement({
  description: 'The outcome of an erasure.',
  fields: (t) => ({
    records: t.field({ type: [PurgedRecord], description: 'The records erased from (a PURGE change was published for each).', resolve: (r) => r.records }),
    consentRecords: t.exposeInt('consentRecords', { description: 'Consent records deleted.' }),
    lastPosition: t.string({
      nullable: true,
      description: 'Change-feed position of the last PURGE change.',
      resolve: (r) => r.lastPosition?.toString() ?? null,
    }),
  }),
});

builder.mutationField('purge', (t) =>
  t.field({
    type: PurgeResultRef,
    description:
      "Erases a natural person's data (a sole trader's Organization, or a Producer): name, identity number, home municipality, consent records, and their producers' contact person, exact location and street; from the records, their history and the change log. For a company's producer, the contact person. Each record gets a PURGE change on the feed and to webhooks. Allowed to the organization owning the record's source (write scope) or a key with the curate scope.",
    args: { id: t.arg.id({ required: true, description: 'Global ID of the Organization (a natural person) or the Producer.' }) },
    resolve: (_r, args, ctx) => purgePersonalData(ctx.db, ctx.viewer, String(args.id)),
  }),
);
