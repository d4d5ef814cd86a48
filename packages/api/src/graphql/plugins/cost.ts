import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  type ASTVisitor,
  type DocumentNode,
  type SelectionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  getNamedType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLOutputType,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { ErrorCode } from '../../errors.js';
import { type GroupDimension, STATS_PAGE, type SupplierKind, type SupplierSize, statsArePaged, statsPath } from '../../stats/delivery-stats.js';

/**
 * The limits one GraphQL request must keep, checked before anything executes. The figures are the
 * contract documented in the README ("Limits"); the widgets, the examples, GraphiQL's tabs and the
 * client's operations stay well inside them (a test checks each).
 */
export const LIMITS = {
  /** Points one operation may cost (see COSTS below for how a query is priced). */
  cost: 25_000,
  /** Nesting of selections, introspection included. */
  depth: 15,
  /** Aliased fields in one operation. */
  aliases: 30,
  /** Lexical tokens in one document. */
  tokens: 5_000,
  /** Characters in one document. */
  documentLength: 100_000,
  /** IDs in one `nodes(ids:)` call. */
  nodes: 100,
  /** List fields nested inside each other in an introspection query (the standard one needs 3). */
  introspectionLists: 3,
} as const;

/** Page size assumed for a connection asked without `first`/`last` (the API's default page). */
const DEFAULT_PAGE = 20;

/**
 * Declared bounds of the lists without pages: the most items such a list holds in practice, used as
 * the multiplier of their selections. Lists not named here count as 10.
 */
export const LIST_BOUNDS: Record<string, number> = {
  'Query.countries': 10,
  'Query.regions': 30,
  'Country.regions': 30,
  'Region.municipalities': 100,
  'Municipality.hubs': 20,
  'Municipality.goals': 50,
  'ProductCategory.children': 20,
  'Organization.producers': 50,
  'Producer.products': 20,
  'Producer.categories': 10,
  'Producer.certifications': 5,
  'Producer.hubs': 5,
  'Producer.history': 100,
  'Hub.servedMunicipalities': 50,
  'Hub.producers': 100,
  'Kitchen.receivingKitchens': 50,
  'Agreement.municipalities': 20,
  'Agreement.lots': 50,
  'Lot.categories': 20,
  'Lot.deliveryKitchens': 50,
  'Lot.awards': 20,
  'GoalProgress.series': 30,
  'Project.partners': 30,
  'Project.municipalities': 50,
  'Project.goals': 50,
  'Query.apiKeys': 50,
  'Query.webhooks': 20,
  'Webhook.deliveries': 100,
  'DeliveryStats.rows': 10,
  'Query.demandGaps': 100,
  'Match.reasons': 10,
  'Match.products': 20,
};

type Args = Record<string, unknown>;
type Complexity = number | { field: number; multiplier: number } | ((args: Args) => number | { field: number; multiplier: number });

const pageOf = (args: Args, fallback = DEFAULT_PAGE) => {
  const n = (args.first ?? args.last) as number | null | undefined;
  return typeof n === 'number' && n >= 0 ? n : fallback;
};
const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : value == null ? 0 : 1);

/** Whether `deliveryStats` with these arguments reads the lines rather than the rollup (`statsPath` decides). */
export function statsReadsLines(args: Args): boolean {
  const filter = (args.filter ?? {}) as Args;
  const dateOf = (d: unknown) => (d instanceof Date ? d : typeof d === 'string' && !Number.isNaN(Date.parse(d)) ? new Date(d) : null);
  const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : value == null ? null : [String(value)]);
  return (
    statsPath({
      filter: {
        categories: strings(filter.category),
        kitchenKinds: strings(filter.kitchenKind),
        kitchenIds: lengthOf(filter.kitchen) ? [0] : null,
        supplierKinds: strings(filter.supplierKind) as SupplierKind[] | null,
        supplierSizes: strings(filter.supplierSize) as SupplierSize[] | null,
        from: dateOf(filter.from),
        to: dateOf(filter.to),
      },
      groupBy: ((args.groupBy ?? []) as GroupDimension[]).filter((g) => typeof g === 'string'),
      categoryDepth: typeof args.categoryDepth === 'number' ? args.categoryDepth : 1,
      local: 'SAME_MUNICIPALITY',
      measure: args.measure === 'WEIGHT' ? 'WEIGHT' : 'VALUE',
      currency: typeof args.currency === 'string' ? args.currency : null,
      allocateCentralKitchens: args.allocateCentralKitchens === true,
    }) === 'raw'
  );
}

/**
 * What the heavy fields cost in points, on top of their selections. A field's own points stand for
 * its SQL work: the statistics from the rollup about 50 ms on two million lines, from the lines
 * seconds; matching and gaps read every candidate producer.
 */
export const COSTS: Record<string, Complexity> = {
  // Grouped by kitchen or producer, a page holds up to `first` rows: its selection counts once per 10.
  'Query.deliveryStats': (args) => ({
    field: statsReadsLines(args) ? 2_000 : 100,
    multiplier: statsArePaged((args.groupBy ?? []) as string[]) ? Math.ceil(pageOf(args, STATS_PAGE.default) / 10) : 1,
  }),
  'Query.matches': (args) => ({ field: 500, multiplier: pageOf(args) }),
  'Demand.matches': (args) => ({ field: 500, multiplier: pageOf(args) }),
  'Lot.matches': (args) => ({ field: 500, multiplier: pageOf(args) }),
  'Query.demandGaps': { field: 1_000, multiplier: LIST_BOUNDS['Query.demandGaps']! },
  // Filtered by source or project, progress is computed every time (the kept progress is of all lines).
  'Goal.progress': (args) => (lengthOf(args.source) || lengthOf(args.project) ? 500 : 100),
  // Goal progress's statements for one municipality, and its observations.
  'Municipality.indicatorSeries': 100,
  'Lot.tenderReadyProducers': 200,
  // A simplified boundary is several kilobytes of GeoJSON.
  'Municipality.boundary': 5,
  'Query.nodes': (args) => ({ field: 1, multiplier: lengthOf(args.ids) }),
  // The page size of the feed multiplies the changes of its page (default 100).
  'Query.changes': (args) => ({ field: 10, multiplier: pageOf(args, 100) }),
  'ChangePage.changes': { field: 1, multiplier: 1 },
  'Mutation.importFile': 5_000,
};

/**
 * Points added once per `deliveryStats` that asks for `rows { perMeal }`: one statement over the
 * kitchens (an index probe per kitchen and period) and, whenever some line in scope lies at a kitchen
 * without meal counts, one more reading of the lines for the part of each row at kitchens with them.
 * Priced at that worst case, a reading of the lines, since which one happens depends on the data.
 */
export const PER_MEAL_COST = 2_000;

const unwrap = (t: GraphQLOutputType): GraphQLOutputType => (isNonNullType(t) ? t.ofType : t);

/** The price of one field: its own points and the multiplier of its selections. */
function priceOf(typeName: string, field: GraphQLField<unknown, unknown>): Complexity {
  const key = `${typeName}.${field.name}`;
  const explicit = COSTS[key];
  if (explicit !== undefined) return explicit;
  const type = unwrap(field.type);
  const named = getNamedType(field.type);
  const paged = field.args.some((a) => a.name === 'first');
  if (paged) return (args) => ({ field: 2, multiplier: pageOf(args) });
  if (typeName === 'Mutation') {
    // A batch costs its items: an upsert of 500 producers writes 500 rows.
    const items = field.args.find((a) => isListType(unwrap(a.type as GraphQLOutputType)));
    return items ? (args) => ({ field: 10 + lengthOf(args[items.name]), multiplier: 1 }) : 10;
  }
  if (isListType(type) && field.name === 'edges' && typeName.endsWith('Connection')) {
    return { field: 0, multiplier: 1 }; // the connection's page size already multiplies its edges
  }
  if (isListType(type)) {
    const bound = LIST_BOUNDS[key] ?? 10;
    return isScalarType(named) || isEnumType(named) ? 0 : { field: 1, multiplier: bound };
  }
  return isScalarType(named) || isEnumType(named) ? 0 : 1;
}

/** Writes each field's price into its `extensions.complexity`, where the cost calculation reads it. */
export function applyCosts(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      (field as { extensions: object }).extensions = { ...field.extensions, complexity: priceOf(type.name, field) };
    }
  }
}

/** A request that exceeds one of the limits; refused before it executes. */
export class QueryTooComplexError extends GraphQLError {
  constructor(limit: keyof typeof LIMITS, maximum: number, found: number | undefined, message: string) {
    super(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, maximum, ...(found === undefined ? {} : { found }) } });
  }
}

const fmt = (n: number) => n.toLocaleString('en');

function tooComplex(limit: keyof typeof LIMITS, armorError: GraphQLError, what: string): QueryTooComplexError {
  const found = /found (\d+)/.exec(armorError.message)?.[1];
  const maximum = LIMITS[limit];
  return new QueryTooComplexError(
    limit,
    maximum,
    found === undefined ? undefined : Number(found),
    `The query has ${found === undefined ? 'more' : fmt(Number(found))} ${what}; at most ${fmt(maximum)} are allowed. Split it into smaller queries.`,
  );
}

const INTROSPECTION_LISTS = new Set(['types', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'directives']);

/**
 * Introspection is priced apart: `__schema { types { fields { type { fields … } } } }` multiplies
 * every type by every field at each level. The standard introspection query nests three lists
 * (types › fields › args); more is refused.
 */
function introspectionRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  // The most introspection lists nested below a selection set; each fragment is measured once (a
  // fragment spread twice in each of twenty fragments would otherwise be walked a million times).
  const memo = new Map<string, number>();
  const deepest = (selections: readonly SelectionNode[], inside: boolean, seen: ReadonlySet<string>): number => {
    let max = 0;
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        const enters = inside || s.name.value === '__schema' || s.name.value === '__type';
        const own = enters && INTROSPECTION_LISTS.has(s.name.value) ? 1 : 0;
        max = Math.max(max, own + (s.selectionSet ? deepest(s.selectionSet.selections, enters, seen) : 0));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, deepest(s.selectionSet.selections, inside, seen));
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const key = `${name}:${inside}`;
        let below = memo.get(key);
        if (below === undefined) {
          below = deepest(fragment.selectionSet.selections, inside, new Set([...seen, name]));
          memo.set(key, below);
        }
        max = Math.max(max, below);
      }
    }
    return max;
  };
  return {
    OperationDefinition(node) {
      const lists = deepest(node.selectionSet.selections, false, new Set());
      if (lists > LIMITS.introspectionLists) {
        context.reportError(
          new QueryTooComplexError(
            'introspectionLists',
            LIMITS.introspectionLists,
            lists,
            `The introspection query nests ${lists} lists of types, fields or arguments; at most ${LIMITS.introspectionLists} are allowed (as in the standard introspection query).`,
          ),
        );
      }
      return false;
    },
  };
}

/** The number of IDs each root `nodes(ids:)` selection asks for, literals and variables alike. */
function nodesCounts(document: DocumentNode, variables: Record<string, unknown> | undefined): number[] {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const counts: number[] = [];
  // Each fragment is walked once: its nodes(ids:) counts are the same wherever it is spread.
  const visited = new Set<string>();
  const visit = (selections: readonly SelectionNode[], seen: Set<string>) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== 'nodes') continue;
        const arg = s.arguments?.find((a) => a.name.value === 'ids');
        if (arg?.value.kind === Kind.LIST) counts.push(arg.value.values.length);
        else if (arg?.value.kind === Kind.VARIABLE) counts.push(lengthOf(variables?.[arg.value.name.value]));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet.selections, seen);
      } else if (!seen.has(s.name.value) && !visited.has(s.name.value)) {
        visited.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) visit(fragment.selectionSet.selections, new Set([...seen, s.name.value]));
      }
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.operation === 'query') visit(d.selectionSet.selections, new Set());
  return counts;
}

/** How many root `deliveryStats` selections of the operation ask for `rows { perMeal }` (through fragments and aliases). */
function perMealCount(document: DocumentNode): number {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  // Fields named `path[0]` reached from the selections, through fragments (each walked once per path).
  const reach = (selections: readonly SelectionNode[], name: string, seen: Set<string>): SelectionNode[][] => {
    const found: SelectionNode[][] = [];
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === name) found.push([...(s.selectionSet?.selections ?? [])]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        found.push(...reach(s.selectionSet.selections, name, seen));
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) found.push(...reach(fragment.selectionSet.selections, name, seen));
      }
    }
    return found;
  };
  let count = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION || d.operation !== 'query') continue;
    for (const stats of reach(d.selectionSet.selections, 'deliveryStats', new Set())) {
      if (reach(stats, 'rows', new Set()).some((rows) => reach(rows, 'perMeal', new Set()).length > 0)) count += 1;
    }
  }
  return count;
}

/** The operation a request runs, alone with the fragments, for the cost calculation. */
function selectedOperation(document: DocumentNode, operationName: string | null | undefined): DocumentNode | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  return { ...document, definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] };
}

/** The cost of one operation of a document, or null when the request cannot run (GraphQL reports why). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  ctx: object = {},
): number | null {
  const selected = selectedOperation(document, operationName);
  if (!selected) return null;
  try {
    return complexityFromQuery(selected, { schema, ctx, variables: variables ?? {} }).complexity + PER_MEAL_COST * perMealCount(selected);
  } catch {
    return null; // invalid variables: execution refuses the request with the precise error
  }
}

/**
 * Refuses, before execution, requests above the limits with `QUERY_TOO_COMPLEX` naming the limit and
 * the figure; sets `context.cost` for the rate limit and reports `extensions.cost` in every response.
 */
export function costLimitPlugin(): Plugin<Context> {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && params.query.length > LIMITS.documentLength) {
        throw new QueryTooComplexError(
          'documentLength',
          LIMITS.documentLength,
          params.query.length,
          `The query is ${fmt(params.query.length)} characters long; at most ${fmt(LIMITS.documentLength)} are allowed.`,
        );
      }
    },
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        const parser = new MaxTokensParserWLexer(source, {
          ...options,
          n: LIMITS.tokens,
          onReject: [
            (_ctx: unknown, error: GraphQLError) => {
              throw tooComplex('tokens', error, 'tokens');
            },
          ],
        } as never);
        return parser.parseDocument();
      });
    },
    onValidate({ addValidationRule }) {
      const reject = (limit: 'depth' | 'aliases', what: string) => [
        (context: ValidationContext | null, error: GraphQLError) => context?.reportError(tooComplex(limit, error, what)),
      ];
      addValidationRule(
        maxDepthRule({
          n: LIMITS.depth,
          ignoreIntrospection: false,
          flattenFragments: true,
          propagateOnRejection: false,
          onReject: reject('depth', 'levels of nesting'),
        }),
      );
      addValidationRule(maxAliasesRule({ n: LIMITS.aliases, propagateOnRejection: false, onReject: reject('aliases', 'aliases') }));
      addValidationRule(introspectionRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const most = Math.max(0, ...nodesCounts(args.document, args.variableValues ?? undefined));
      if (most > LIMITS.nodes) {
        setResultAndStopExecution({
          errors: [
            new QueryTooComplexError('nodes', LIMITS.nodes, most, `nodes(ids:) was given ${fmt(most)} IDs; at most ${LIMITS.nodes} are allowed per call.`),
          ],
        });
        return;
      }
      const requested = operationCost(args.schema, args.document, args.operationName, args.variableValues ?? undefined, args.contextValue) ?? 1;
      const cost = { requested, limit: LIMITS.cost };
      args.contextValue.cost = cost;
      if (requested > LIMITS.cost) {
        setResultAndStopExecution({
          errors: [
            new QueryTooComplexError(
              'cost',
              LIMITS.cost,
              requested,
              `The query costs ${fmt(requested)} points; at most ${fmt(LIMITS.cost)} are allowed. Ask for smaller pages (first), fewer aliases or less nesting.`,
            ),
          ],
          extensions: { cost },
        });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result) && !('errors' in result)) return; // a stream: nothing to annotate
          const single = result as { extensions?: Record<string, unknown> };
          const extensions = single.extensions ?? {};
          setResult({ ...(result as object), extensions: { ...extensions, cost: { ...(extensions.cost as object), ...args.contextValue.cost } } } as never);
        },
      };
    },
  };
}
