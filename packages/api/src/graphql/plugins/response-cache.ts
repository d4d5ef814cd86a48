import { createHash } from 'node:crypto';
import {
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  TypeInfo,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isObjectType,
  printSchema,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { responseCacheLookups } from '../../observability/metrics.js';
import { type ChangeWatcher, type FIGURES as FiguresKind, type RecordKind, type ResponseStore } from './response-cache-store.js';

type Built = RecordKind | typeof FiguresKind;

/**
 * The statistics of deliveries: the lines, the exchange rates (observations) money is converted by,
 * and the producers, kitchens and organizations that deliveries name (the watcher moves
 * `DeliveryFigures` on when one of those changes; a producer no delivery names does not).
 */
const FIGURES: Built[] = ['Delivery', 'Observation', 'DeliveryFigures'];
/** Everything matching weighs: demand, the producers' products, reach and readiness, agreements' lots. */
const MATCHING: Built[] = ['Demand', 'Kitchen', 'Producer', 'Organization', 'Hub', 'Agreement'];

/**
 * The record kinds each output type is built from: a write to one of them (seen in the change feed)
 * evicts every cached answer whose operation selects the type. Reference data (places, categories,
 * sources, projects, indicators) changes with a release, not through the API: an answer of those
 * alone lives for its time to live. `null`: never cached (the change feed itself, and what only a
 * key sees). Every object type of the schema is listed (a test checks it): a new type is classified
 * when it is added, and one that is not is never cached.
 */
export const BUILT_FROM: Readonly<Record<string, readonly Built[] | null>> = {
  Producer: ['Producer', 'Organization'],
  ProducerProduct: ['Producer'],
  Certification: ['Producer'],
  ContactPerson: ['Producer', 'Kitchen', 'Hub', 'Organization'],
  Organization: ['Organization'],
  Kitchen: ['Kitchen', 'Organization'],
  Hub: ['Hub', 'Organization'],
  Agreement: ['Agreement', 'Organization', 'Producer'],
  Lot: ['Agreement'],
  Award: ['Agreement', 'Producer'],
  Demand: ['Demand', 'Kitchen'],
  DemandGap: MATCHING,
  Match: MATCHING,
  MatchConnection: MATCHING,
  MatchEdge: MATCHING,
  MatchReason: MATCHING,
  MatchedProduct: MATCHING,
  Delivery: ['Delivery'],
  DeliveryStats: FIGURES,
  DeliveryStatsRow: FIGURES,
  DeliveryStatsCategory: FIGURES,
  DeliveryStatsPlace: FIGURES,
  DeliveryStatsRecord: FIGURES,
  // Meals per day and serving days of kitchens, whether or not their lines changed.
  DeliveryStatsPerMeal: ['Kitchen', ...FIGURES],
  ExchangeRateUsed: ['Observation'],
  Goal: ['Goal'],
  // Progress is measured from deliveries or observations, the scope's kitchens (coverage), and counts
  // tender-ready producers per lot (any producer may become one).
  GoalProgress: ['Goal', 'Agreement', 'Hub', 'Kitchen', 'Producer', 'Organization', ...FIGURES],
  GoalYearValue: ['Goal', 'Agreement', 'Hub', 'Kitchen', 'Producer', 'Organization', ...FIGURES],
  Observation: ['Observation'],
  ObservationRevision: ['Observation'],
  IndicatorYear: ['Observation', 'Kitchen', 'Producer', 'Organization', ...FIGURES],
  Indicator: [],
  Project: [],
  Source: [],
  Country: [],
  Region: [],
  Municipality: [],
  ProductCategory: [],
  GeoPoint: [],
  BBox: [],
  PageInfo: [],
  Query: [],
  Change: null,
  ChangePage: null,
  ApiKey: null,
  Webhook: null,
  WebhookDelivery: null,
};

/** Connections and edges are built from what their nodes are built from, which the walk visits. */
const isWrapper = (name: string) => /Connection(Edge)?$/.test(name) && !(name in BUILT_FROM);

interface Plan {
  /** Record kinds the answer is built from, sorted; null when the operation is never cached. */
  kinds: string[] | null;
  /** SHA-256 of the printed document, the first part of each answer's key. */
  hash: string;
}

/** What an operation's answer depends on, from the types its selection reaches (fragments, `node` and interfaces included). */
export function planOf(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Plan {
  const hash = createHash('sha256')
    .update(JSON.stringify(document.loc?.source.body ?? document))
    .update('\0')
    .update(operationName ?? '')
    .digest('base64url');
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return { kinds: null, hash };
  const typeInfo = new TypeInfo(schema);
  const kinds = new Set<string>();
  let cacheable = true;
  const add = (name: string) => {
    if (isWrapper(name)) return;
    const built = BUILT_FROM[name];
    if (built === undefined || built === null) cacheable = false;
    else for (const k of built) kinds.add(k);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD]() {
        const type = typeInfo.getType();
        const named = type && getNamedType(type);
        if (!named) return;
        if (isObjectType(named)) add(named.name);
        // An interface or union: any type it may be, but those only a key can see (an anonymous
        // caller gets null for them, and a key never reads the cache).
        else if (isAbstractType(named)) for (const possible of schema.getPossibleTypes(named)) if (BUILT_FROM[possible.name] !== null) add(possible.name);
      },
    }),
  );
  return { kinds: cacheable ? [...kinds].sort() : null, hash };
}

/** Variables in a canonical order, so that `{a, b}` and `{b, a}` share an entry. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export interface ResponseCacheOptions {
  store: ResponseStore;
  watcher: ChangeWatcher;
  schema: GraphQLSchema;
  /** Seconds an answer may live in the cache when no write evicts it first. */
  ttlSeconds: (request: Request) => number;
  /** Reports a failure of the store or the feed (once per outage). */
  warn: (message: string) => void;
  /**
   * Told of each anonymous answer without errors, with what it was built from: the kinds and their
   * generations as they were when the query began (or as the cached entry was built at), and its cost.
   */
  onAnswer?: (request: Request, built: AnswerBuilt) => void;
}

/** What an anonymous answer was built from (ResponseCacheOptions#onAnswer). */
export interface AnswerBuilt {
  kinds: readonly string[];
  generations: readonly number[];
  /** The operation's cost in points (`extensions.cost.requested`). */
  cost: number | undefined;
  /** When the cached entry it came from expires (ms since the epoch); absent for an answer computed now. */
  expires?: number;
}

/**
 * The response cache (docs/caching.md): answers to queries without an API key, kept in memory or in
 * Redis, evicted by the change feed. A request with a key is never answered from the cache and its
 * answer never stored; mutations, the change feed and answers with errors are not cached. On a hit
 * the stored `data` is served and the plugins before this one (cost, rate limit, deadline) still run:
 * `extensions.responseCache` says `hit`, `shared` or `miss`. When the store or the feed does not answer, the
 * query runs as without a cache.
 *
 * Placed after the rate limit and the deadline, so that their `onExecuteDone` apply to a hit too.
 */
export function responseCache(options: ResponseCacheOptions): Plugin<Context> {
  const { store, watcher, schema, warn, ttlSeconds, onAnswer } = options;
  const plans = new WeakMap<DocumentNode, Plan>();
  // A new schema (a new version) must not read answers stored by an older one in a shared store.
  const version = createHash('sha256').update(printSchema(schema)).digest('base64url').slice(0, 12);
  let failing = false;
  const failed = (error: unknown) => {
    responseCacheLookups.inc({ result: 'error' });
    if (!failing) warn(`Response cache: ${(error as Error).message}; answering without it until it works again.`);
    failing = true;
  };
  /**
   * Queries of one key being computed now, with the generations they were begun at: the same query
   * arriving meanwhile waits for that answer instead of computing it again (a page's visitors after an
   * eviction, or a cold start, cost the database one computation per answer, not one per visitor).
   */
  const running = new Map<string, { generations: number[]; answer: Promise<string | null> }>();
  return {
    async onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const context = args.contextValue as Context & { request: Request };
      const plan =
        plans.get(args.document) ??
        (() => {
          const p = planOf(schema, args.document, args.operationName);
          plans.set(args.document, p);
          return p;
        })();
      if (plan.kinds === null) {
        // A write in this process: the next read looks at the feed at once.
        if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') return { onExecuteDone: () => watcher.soon() };
        return;
      }
      if (context.viewer || context.request.headers.has('authorization')) {
        responseCacheLookups.inc({ result: 'bypass' });
        return;
      }
      const kinds = plan.kinds;
      const key = `${version}:${plan.hash}:${createHash('sha256')
        .update(JSON.stringify(canonical(args.variableValues ?? {})))
        .digest('base64url')}`;
      let generations: number[];
      try {
        await watcher.current();
        const entry = await store.lookup(key, kinds);
        if (entry !== null) {
          responseCacheLookups.inc({ result: 'hit' });
          failing = false;
          onAnswer?.(context.request, { kinds, generations: entry.generations, cost: context.cost?.requested, expires: entry.expires });
          setResultAndStopExecution({ data: JSON.parse(entry.body), extensions: { responseCache: 'hit' } });
          return;
        }
        generations = await store.generations(kinds);
        failing = false;
      } catch (error) {
        failed(error);
        return;
      }
      const leader = running.get(key);
      if (leader && leader.generations.every((g, i) => g === generations[i])) {
        // Bounded by this request's own deadline; the leader failing means computing it here.
        const late = abortedOrLate(context.signal ?? context.request.signal, context.config?.requestTimeoutMs ?? 15_000);
        const body = await Promise.race([leader.answer, late.promise]);
        late.cancel();
        if (body) {
          responseCacheLookups.inc({ result: 'shared' });
          onAnswer?.(context.request, { kinds, generations: leader.generations, cost: context.cost?.requested });
          setResultAndStopExecution({ data: JSON.parse(body), extensions: { responseCache: 'shared' } });
          return;
        }
      }
      responseCacheLookups.inc({ result: 'miss' });
      let settle: (body: string | null) => void = () => {};
      if (!leader) {
        const answer = new Promise<string | null>((resolve) => (settle = resolve));
        running.set(key, { generations, answer });
      }
      const finish = (body: string | null) => {
        settle(body);
        if (!leader) running.delete(key);
      };
      setExecuteFn(async (execution) => {
        try {
          const result = (await executeFn(execution)) as { data?: unknown; errors?: unknown[] };
          const body = Symbol.asyncIterator in result || result.errors?.length || result.data == null ? null : JSON.stringify(result.data);
          finish(body);
          if (body !== null) onAnswer?.(context.request, { kinds, generations, cost: context.cost?.requested });
          if (body !== null) store.set(key, kinds, generations, body, ttlSeconds(context.request)).catch(failed);
          return result as never;
        } catch (error) {
          finish(null);
          throw error;
        }
      });
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const single = result as { extensions?: Record<string, unknown> };
          setResult({ ...single, extensions: { ...single.extensions, responseCache: 'miss' } } as never);
        },
      };
    },
  };
}

/** Resolves with null when the request is cancelled or after `ms`, whichever comes first; `cancel` lets it go. */
function abortedOrLate(signal: AbortSignal, ms: number): { promise: Promise<null>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<null>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve(null);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    cancel = done;
  });
  return { promise, cancel };
}
