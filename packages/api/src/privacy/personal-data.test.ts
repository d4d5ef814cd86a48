import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type GraphQLInputType,
  type GraphQLNamedType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeGlobalId, encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { personalIdentityNumber } from './identity-numbers.js';
import { RECORD_TABLES, namesMarked } from './personal-fields.js';
import { publicForm } from './public-forms.js';
import { recordColumns } from '../exports/kinds.js';
import { record } from '../records/fields.js';
import { PRODUCER } from '../records/producers.js';
import { DELIVERY } from '../records/deliveries.js';
import { schema } from '../graphql/schema/index.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { deliverDueWebhooks } from '../sync/webhooks.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { createServer } from '../graphql/yoga.js';
import { createLogger } from '../observability/log.js';

/**
 * Sole traders without consent whose organization numbers are personal identity numbers, written
 * through the real write paths; some callers forgot `naturalPerson`. The digits must appear on no
 * output that anyone but the source's own organization receives, nor in the server's logs.
 */
const VIA_UPSERT = [
  { externalId: 'farm-se', name: 'Lindqvists grönsaker', orgNumber: '0007:8112289874', naturalPerson: true, municipalityCode: 'SE-0181' }, // personnummer
  { externalId: 'farm-se-co', name: 'Bergs bär', orgNumber: '0007:7010632383', municipalityCode: 'SE-0181' }, // samordningsnummer, naturalPerson forgotten
  { externalId: 'farm-no', name: 'Haugen gård', orgNumber: '0192:15038512363', municipalityCode: 'NO-3901' }, // fødselsnummer, forgotten
  { externalId: 'farm-dk', name: 'Jensens æbler', orgNumber: '0184:0107904711', naturalPerson: false, municipalityCode: 'NO-3901' }, // CPR, denied
  { externalId: 'farm-fi', name: 'Virtasen tila', orgNumber: '0037:010594Y9951', municipalityCode: 'NO-3901' }, // henkilötunnus, forgotten
  { externalId: 'farm-ee', name: 'Tamme talu', orgNumber: '0191:37605030299', municipalityCode: 'EE-0784' }, // isikukood (an FIE), forgotten
  { externalId: 'farm-lt', name: 'Jonaičių ūkis', orgNumber: '0200:49001010001', naturalPerson: false, municipalityCode: 'LT-13' }, // asmens kodas, denied
  { externalId: 'farm-de', name: 'Hof Müller', orgNumber: '9930:86095742719', municipalityCode: 'DE-11000' }, // Steuer-ID, forgotten
];
const VIA_CSV = [
  { externalId: 'farm-csv-se', name: 'Ekgårdens ägg', orgNumber: '0007:640823-3234', naturalPerson: '', municipalityCode: 'SE-0181' },
  { externalId: 'farm-csv-no', name: 'Nordre Li', orgNumber: '0192:55038512438', naturalPerson: 'true', municipalityCode: 'NO-3901' }, // D-number
  { externalId: 'farm-csv-fi', name: 'Mäkelän tila', orgNumber: '0037:131052-308T', naturalPerson: '', municipalityCode: 'NO-3901' },
];
// A sole trader who also runs a distribution hub, named by the hub as its operator.
const HUB_OPERATOR = '0192:29127634600';
const PLANTED = [...VIA_UPSERT.map((f) => f.orgNumber), ...VIA_CSV.map((f) => f.orgNumber), HUB_OPERATOR];

/**
 * A Norwegian sole trader without consent (an organization number that is not an identity number,
 * so only the natural-person rule withholds it), a hub it operates and an agreement it buys under:
 * a recognisable value in every field marked personal or natural-person in the record tables.
 */
const PERSON_ORG = '0192:998877660';
const PERSONAL: Readonly<Record<string, string>> = {
  'Producer.orgNumber': PERSON_ORG,
  'Producer.lat': '59.876543',
  'Producer.lon': '10.234567',
  'Producer.street': 'Personveien 77',
  'Producer.contactName': 'Kari Kontaktsen',
  'Producer.contactEmail': 'kari.kontaktsen@example.org',
  'Producer.contactPhone': '+47 912 34 567',
  'Organization.name': 'Ola Haugen', // the hub operator's organization, named by the hub
  'Organization.orgNumber': PERSON_ORG,
  'Organization.municipalityCode': 'NO-5501', // set on the organization below; no other record names Tromsø
  'Hub.operatorOrgNumber': PERSON_ORG,
  'Hub.operatorName': 'Ola Operatørsen',
  'Agreement.buyerOrgNumber': PERSON_ORG,
  'Agreement.buyerName': 'Kari Kjøpersen',
};
/** Forms of a planted value as it may be written out: as given, and as a JSON or CSV number. */
const personalForms = (value: string) => [value, value.replace(/^\+47 /, '').replace(/ /g, '')];

/** The forms a number may take on the way out: as written, its digits alone, and the raw value. */
function formsOf(orgNumber: string): string[] {
  const raw = orgNumber.slice(5);
  const compact = raw.replace(/[-+\s]/g, '');
  return [...new Set([raw, compact, compact.toLowerCase()])];
}

/** Where in `surfaces` any planted number appears, with or without separators. */
function leaks(surfaces: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [surface, text] of Object.entries(surfaces)) {
    const squeezed = text.replace(/[\s\-+:_./\\"',]/g, '');
    for (const number of PLANTED) {
      if (formsOf(number).some((form) => text.includes(form) || squeezed.includes(form.replace(/[-+]/g, '')))) found.push(`${number} in ${surface}`);
    }
    for (const [field, value] of Object.entries(PERSONAL)) {
      if (field === 'Organization.municipalityCode') continue; // checked where it would appear: the organization's own outputs
      if (personalForms(value).some((form) => text.includes(form) || squeezed.includes(form.replace(/[\s\-+:_./\\"',]/g, ''))))
        found.push(`${field} (${value}) in ${surface}`);
    }
  }
  return found;
}

// ─── Queries built from the schema ──────────────────────────────────────────────

const WRAPPER = /(Connection|Edge)$|^PageInfo$/;

/**
 * All fields that need no arguments, objects `depth` levels deep (connections and edges count for
 * nothing). Fields inside the fragments of an interface or union are aliased by type, so that
 * same-named fields of different types do not conflict; `only` limits those fragments to some types.
 */
function selectionOf(type: GraphQLNamedType, depth: number, prefix = '', only?: Set<string>): string {
  if (isLeafType(type)) return '';
  const fragments = (types: readonly GraphQLNamedType[]) =>
    types.filter((t) => !only || only.has(t.name)).map((t) => `... on ${t.name} ${selectionOf(t, depth, `${t.name}_`)}`);
  if (isUnionType(type)) return `{ __typename ${fragments(type.getTypes()).join(' ')} }`;
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    const as = prefix ? `${prefix}${field.name}: ${field.name}` : field.name;
    if (isLeafType(named)) {
      parts.push(as);
      continue;
    }
    const next = WRAPPER.test(named.name) ? depth : depth - 1;
    if (next >= 0) parts.push(`${as} ${selectionOf(named, next)}`);
  }
  if (isInterfaceType(type)) parts.push(...fragments(schema.getPossibleTypes(type)));
  return `{ ${parts.join(' ')} }`;
}

/** A value for a required argument: the planted records' IDs for IDs, something plausible otherwise. */
function sampleValue(type: GraphQLInputType, name: string, ids: string[]): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name, ids);
  if (isListType(type)) return isNonNullType(type.ofType) && getNamedType(type.ofType).name === 'ID' ? ids : [sampleValue(type.ofType, name, ids)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sampleValue(f.type, f.name, ids)]),
    );
  }
  switch (type.name) {
    case 'ID':
      return ids[0];
    case 'Int':
      return 2025;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'String':
      return /^(code|municipality|municipalityCode)$/.test(name) ? 'NO-3901' : 'x';
    default:
      return '2025-01-01';
  }
}

/**
 * One operation per root query field, selecting what is reachable from it; `node` once per planted
 * ID (with its own type's fields), `nodes` with all of them (fragments of their types).
 */
function rootQueries(ids: string[], depth: number): { name: string; query: string; variables: Record<string, unknown> }[] {
  const out: { name: string; query: string; variables: Record<string, unknown> }[] = [];
  const plantedTypes = new Set(ids.map((id) => decodeGlobalId(id).typename));
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    const returned = getNamedType(field.type);
    const build = (variables: Record<string, unknown>, selection: string) => ({
      name: field.name,
      query: `query${required.length ? `(${required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : ''} { ${field.name}${
        required.length ? `(${required.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''
      } ${selection} }`,
      variables,
    });
    const single = required.find((a) => getNamedType(a.type).name === 'ID' && !isListType(isNonNullType(a.type) ? a.type.ofType : a.type));
    if (single) {
      for (const id of ids) {
        const own = schema.getType(decodeGlobalId(id).typename)!;
        const selection =
          isInterfaceType(returned) || isUnionType(returned) ? `{ __typename ... on ${own.name} ${selectionOf(own, depth)} }` : selectionOf(returned, depth);
        out.push(build(Object.fromEntries(required.map((a) => [a.name, a === single ? id : sampleValue(a.type, a.name, ids)])), selection));
      }
    } else if (isInterfaceType(returned) || isUnionType(returned)) {
      // One query per planted type, so that fragments need no aliases (there is a limit on those).
      for (const typename of plantedTypes) {
        const own = ids.filter((id) => decodeGlobalId(id).typename === typename);
        const selection = `{ __typename ... on ${typename} ${selectionOf(schema.getType(typename)!, depth)} }`;
        out.push(build(Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type, a.name, own)])), selection));
      }
    } else {
      const variables = Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type, a.name, ids)]));
      if (field.name === 'category') variables.code = 'eggs';
      const built = build(variables, selectionOf(returned, depth));
      // Figures per meal need a period: grouped by year, every row has one.
      if (field.name === 'deliveryStats') built.query = built.query.replace('{ deliveryStats ', '{ deliveryStats(groupBy: [YEAR]) ');
      out.push(built);
    }
  }
  return out;
}

describe('the personal-data markers', () => {
  it('plant a value for every field marked personal or natural-person', () => {
    const marked = Object.entries(RECORD_TABLES).flatMap(([type, table]) => namesMarked(table, 'personal', 'natural-person').map((f) => `${type}.${f}`));
    expect(Object.keys(PERSONAL).sort()).toEqual(marked.sort());
  });

  it('let a personal field into the export only through a public rule, and a private one never', () => {
    const withField = (name: string, change: object) =>
      record(
        'Producer',
        'A copy.',
        PRODUCER.fields.map((f) => (f.name === name ? { ...f, ...change } : f)),
      );
    const columns = (table: ReturnType<typeof withField>) => recordColumns(table, {});
    expect(() => columns(withField('contactEmail', { export: true }))).toThrow('Producer.contactEmail is personal data: export it through a rule');
    expect(() => columns(withField('street', { export: { sql: 't.street' } }))).toThrow('Producer.street is personal data');
    expect(() => columns(withField('lat', { export: { ...publicForm('consent', 'contact_name') } }))).toThrow(
      'its export SQL is not what the consent rule writes for it',
    );
    expect(() => columns(withField('website', { privacy: 'personal' }))).toThrow('Producer.website is personal data');
    expect(columns(withField('lat', { export: publicForm('public-location', 'lat') })).find((c) => c.name === 'latitude')!.sql).toBe('t.public_lat');
    const line = record(
      'Delivery',
      'A copy.',
      DELIVERY.fields.map((f) => (f.name === 'value' ? { ...f, export: true } : f)),
    );
    expect(() => recordColumns(line, {})).toThrow('Delivery.value is private');
  });
});

describe.each(databaseKinds)('personal data and identity numbers on every output surface on %s', (kind) => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  let hookServer: http.Server;
  let hookUrl: string;
  const hookBodies: string[] = [];
  const logs: string[] = [];
  let ownerKey: string;
  let otherKey: string;
  let otherAdmin: string;

  const request = async (path: string, init: RequestInit = {}) => {
    const response = await yoga.fetch(`http://localhost${path}`, init);
    return { status: response.status, text: await response.text() };
  };
  const graphql = async (query: string, variables: Record<string, unknown> = {}, key?: string) =>
    request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });

  beforeAll(async () => {
    // The server's logs, at the most talkative level, for the whole test.
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logs.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(' '));
        if (method === 'error' || method === 'warn') original(...args);
      });
    }
    hookServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hookBodies.push(body);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;

    db = await migratedDatabase(kind);
    const owner = await createOrganization(db, { name: 'Lokal mat ekonomisk förening', orgNumber: '0007:7696000005' });
    const other = await createOrganization(db, { name: 'Sörmlands kommunförbund' });
    await createSource(db, owner.id, { key: 'farms', name: 'Farms', licence: 'CC-BY-4.0' });
    ownerKey = (await createApiKey(db, owner.id, 'sync', ['write', 'read:private'])).key;
    otherKey = (await createApiKey(db, other.id, 'reader', ['read:private'])).key;
    otherAdmin = (await createApiKey(db, other.id, 'admin', ['admin'])).key;
    yoga = createServer(db, {
      corsOrigins: ['*'],
      logLevel: 'debug',
      // The server's structured log, line by line, into the same list.
      logger: createLogger('debug', { write: (line: string) => void logs.push(line) }),
      webhookAllowedTargets: ['127.0.0.0/8'],
      rateLimit: { anonymousPerMinute: 1_000_000_000, keyPerMinute: 1_000_000_000 },
    } as Parameters<typeof createServer>[1]);

    // Another organization follows every change through a webhook.
    const hook = await graphql(`mutation($url: String!) { createWebhook(url: $url) { secret } }`, { url: hookUrl }, otherAdmin);
    expect(hook.text).toContain('"secret"');

    // The real write paths: upsertProducers, the CSV import, and a hub naming its operator.
    const upsert = await graphql(
      `mutation($items: [ProducerInput!]!) { upsertProducers(source: "farms", items: $items) { committed items { status errors { message } } } }`,
      { items: VIA_UPSERT.map((f) => ({ ...f, kind: 'FARM', contactConsent: false, contactName: f.name, street: 'Bygatan 1', lat: 59.2, lon: 17.6 })) },
      ownerKey,
    );
    expect(JSON.parse(upsert.text).data.upsertProducers.committed).toBe(true);
    const csv =
      'external_id,name,kind,org_number,natural_person,municipality_code\n' +
      VIA_CSV.map((f) => [f.externalId, f.name, 'FARM', f.orgNumber, f.naturalPerson, f.municipalityCode].join(',')).join('\n');
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        query: 'mutation($file: File!) { importFile(kind: PRODUCERS, source: "farms", file: $file) { committed errors { message } } }',
        variables: { file: null },
      }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([csv], { type: 'text/csv' }), 'producers.csv');
    const imported = await request('/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${ownerKey}` } });
    expect(JSON.parse(imported.text).data.importFile.committed).toBe(true);
    const hub = await graphql(
      `mutation($items: [HubInput!]!) { upsertHubs(source: "farms", items: $items) { committed items { errors { message } } } }`,
      {
        items: [
          {
            externalId: 'hub-1',
            name: 'Gårdsbutikken',
            kind: 'FOOD_HUB',
            municipalityCode: 'NO-3901',
            operatorOrgNumber: HUB_OPERATOR,
            operatorName: 'Ola Haugen',
          },
        ],
      },
      ownerKey,
    );
    expect(JSON.parse(hub.text).data.upsertHubs.committed).toBe(true);

    // The Norwegian sole trader: its producer, a hub it operates and an agreement it buys under.
    const person = await graphql(
      `mutation($items: [ProducerInput!]!) { upsertProducers(source: "farms", items: $items) { committed items { errors { message } } } }`,
      {
        items: [
          {
            externalId: 'farm-person',
            name: 'Solbakken gård',
            kind: 'FARM',
            naturalPerson: true,
            orgNumber: PERSONAL['Producer.orgNumber'],
            municipalityCode: 'NO-3901',
            lat: Number(PERSONAL['Producer.lat']),
            lon: Number(PERSONAL['Producer.lon']),
            street: PERSONAL['Producer.street'],
            contactName: PERSONAL['Producer.contactName'],
            contactEmail: PERSONAL['Producer.contactEmail'],
            contactPhone: PERSONAL['Producer.contactPhone'],
            contactConsent: false,
          },
        ],
      },
      ownerKey,
    );
    expect(JSON.parse(person.text).data.upsertProducers.committed, person.text).toBe(true);
    const operated = await graphql(
      `mutation($items: [HubInput!]!) { upsertHubs(source: "farms", items: $items) { committed items { errors { message } } } }`,
      {
        items: [
          {
            externalId: 'hub-person',
            name: 'Solbakken gårdsutsalg',
            kind: 'FOOD_HUB',
            municipalityCode: 'NO-3901',
            operatorOrgNumber: PERSONAL['Hub.operatorOrgNumber'],
            operatorName: PERSONAL['Hub.operatorName'],
          },
        ],
      },
      ownerKey,
    );
    expect(JSON.parse(operated.text).data.upsertHubs.committed, operated.text).toBe(true);
    const bought = await graphql(
      `mutation($items: [AgreementInput!]!) { upsertAgreements(source: "farms", items: $items) { committed items { errors { message } } } }`,
      {
        items: [
          {
            externalId: 'agreement-person',
            buyerOrgNumber: PERSONAL['Agreement.buyerOrgNumber'],
            buyerName: PERSONAL['Agreement.buyerName'],
            title: 'Gårdsmat til Solbakken',
            periodStart: '2025-01-01',
            periodEnd: '2025-12-31',
            status: 'ACTIVE',
          },
        ],
      },
      ownerKey,
    );
    expect(JSON.parse(bought.text).data.upsertAgreements.committed, bought.text).toBe(true);
    // No write path sets an organization's home municipality: set here, it must stay withheld.
    await db.prisma.organization.updateMany({ where: { orgNumber: PERSON_ORG }, data: { municipalityCode: PERSONAL['Organization.municipalityCode'] } });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await new Promise<void>((resolve) => hookServer?.close(() => resolve()));
    await db?.close();
  });

  it('recognises every planted number as a personal identity number and marks its organization a natural person', async () => {
    for (const number of PLANTED) expect(personalIdentityNumber(number), number).not.toBeNull();
    const orgs = await db.prisma.organization.findMany({ where: { orgNumber: { in: PLANTED } } });
    expect(orgs.map((o) => o.orgNumber).sort()).toEqual([...PLANTED].sort());
    for (const o of orgs) {
      expect(o.naturalPerson, o.orgNumber!).toBe(true);
      expect(o.externalId).toMatch(/^org:[0-9a-f-]{36}$/);
    }
  });

  it('publishes none of them: GraphQL (every type reachable anonymously), feed, webhooks, exports, DFC, GeoJSON and logs', async () => {
    const surfaces: Record<string, string> = {};
    const orgs = await db.prisma.organization.findMany({ where: { orgNumber: { in: [...PLANTED, PERSON_ORG] } }, include: { producers: true } });
    const hubs = await db.prisma.hub.findMany();
    const agreements = await db.prisma.agreement.findMany();
    const ids = [
      ...orgs.map((o) => encodeGlobalId('Organization', o.id)),
      ...orgs.flatMap((o) => o.producers.map((p) => encodeGlobalId('Producer', p.id))),
      ...hubs.map((h) => encodeGlobalId('Hub', h.id)),
      ...agreements.map((a) => encodeGlobalId('Agreement', a.id)),
    ];
    expect(ids.length).toBe(2 * (PLANTED.length + 1) - 1 + 2 + 1); // organizations, their producers (the hub operator has none), the hubs, the agreement

    // GraphQL, anonymously: every root field, with what it reaches two objects deep (less when the
    // query is refused as too complex).
    const queries = [2, 1, 0].map((depth) => rootQueries(ids, depth));
    expect(queries[0]!.map((q) => q.name)).toEqual(expect.arrayContaining(['producers', 'organizations', 'hubs', 'changes', 'node', 'nodes']));
    for (const i of queries[0]!.keys()) {
      for (const [depth, list] of queries.entries()) {
        const q = list[i]!;
        const r = await graphql(q.query, q.variables);
        surfaces[`graphql ${q.name} #${i} depth ${2 - depth}`] = r.text;
        if (!r.text.includes('QUERY_TOO_COMPLEX')) {
          // The same, with another organization's key.
          surfaces[`with another organization's key: graphql ${q.name} #${i}`] = (await graphql(q.query, q.variables, otherKey)).text;
          break;
        }
      }
    }
    // Every query was answered at some depth, or refused for a reason of its own (a key needed, an
    // argument the walk cannot guess): never as too complex or invalid, which would hide what it reaches.
    const final = new Map<string, { data?: unknown; errors?: { extensions?: { code?: string } }[] }>();
    for (const [k, v] of Object.entries(surfaces)) if (k.startsWith('graphql ')) final.set(k.replace(/ depth \d$/, ''), JSON.parse(v));
    const refused = [...final].filter(([, r]) => !r.data).map(([k, r]) => `${k.replace(/ #\d+$/, '')}: ${r.errors?.[0]?.extensions?.code}`);
    expect(new Set(refused)).toEqual(
      new Set([
        'graphql deliveries: UNAUTHENTICATED',
        'graphql apiKeys: UNAUTHENTICATED',
        'graphql webhooks: UNAUTHENTICATED',
        'graphql matches: BAD_USER_INPUT',
      ]),
    );
    const anonymous = Object.entries(surfaces)
      .filter(([k]) => k.startsWith('graphql '))
      .map(([, v]) => v)
      .join('\n');
    // The walk reaches the planted records and their organizations (with their keys): it would see a leak there.
    for (const farm of [...VIA_UPSERT, ...VIA_CSV, { name: 'Solbakken gård' }]) expect(anonymous).toContain(farm.name);
    const seenKeys = new Set<string>();
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.__typename === 'Organization' && ids.includes(o.id as string) && typeof o.externalId === 'string') seenKeys.add(o.id as string);
        Object.values(o).forEach(visit);
      }
    };
    for (const [k, v] of Object.entries(surfaces)) if (k.startsWith('graphql ')) visit(JSON.parse(v));
    expect(seenKeys.size).toBe(PLANTED.length + 1);
    expect(anonymous).toContain('"naturalPerson":true');

    // The change feed: anonymous, and read with another organization's key; all pages.
    for (const [who, key] of [
      ['anonymous', undefined],
      ['another organization', otherKey],
    ] as const) {
      let after = '';
      for (let page = 0; page < 50; page++) {
        const r = await graphql(
          'query($after: String) { changes(after: $after, first: 100) { endCursor hasMore changes { position operation recordType recordId externalId source version data } } }',
          { after },
          key,
        );
        surfaces[`feed (${who}) page ${page}`] = r.text;
        const body = JSON.parse(r.text) as { data: { changes: { endCursor: string; hasMore: boolean } } };
        if (!body.data.changes.hasMore) break;
        after = body.data.changes.endCursor;
      }
    }
    const feed = Object.entries(surfaces)
      .filter(([k]) => k.startsWith('feed'))
      .map(([, v]) => v)
      .join('\n');
    expect(feed.match(/"recordType":"Organization"/g)?.length).toBeGreaterThanOrEqual(2 * PLANTED.length);
    for (const type of ['Hub', 'Agreement']) expect(feed).toContain(`"recordType":"${type}"`);

    // Webhook payloads to the other organization.
    // All of them in one round: more than the 20 claimed per endpoint by default.
    await deliverDueWebhooks(db, { webhookAllowedTargets: ['127.0.0.0/8'], secretKey: undefined }, { perEndpoint: 100 });
    expect(hookBodies.length).toBeGreaterThanOrEqual(PLANTED.length * 2);
    surfaces.webhooks = hookBodies.join('\n');

    // Every export the data package lists, and the package itself.
    const pkg = await request('/export/datapackage.json');
    surfaces['export datapackage.json'] = pkg.text;
    const resources = (JSON.parse(pkg.text) as { resources: { path: string }[] }).resources.map((r) => r.path);
    expect(resources).toEqual(expect.arrayContaining(['organizations.csv', 'producers.csv']));
    for (const path of new Set([...resources, 'delivery_stats.csv'])) {
      const r = await request(`/export/${path}`);
      expect.soft(r.status, path).toBe(200);
      surfaces[`export ${path}`] = r.text;
    }
    expect(surfaces['export organizations.csv']!.match(/,org:/g)?.length).toBeGreaterThanOrEqual(PLANTED.length);

    // DFC and GeoJSON.
    for (const path of ['/dfc/enterprises', '/dfc/supplied_products', '/geo/producers.geojson']) surfaces[path] = (await request(path)).text;
    for (const farm of [...VIA_UPSERT, ...VIA_CSV]) {
      expect(surfaces['/dfc/enterprises']).toContain(farm.name);
      expect(surfaces['/geo/producers.geojson']).toContain(farm.name);
    }

    // The server's logs, from the writes on.
    surfaces.logs = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);

    // Nothing planted leaks anywhere.
    expect(leaks(surfaces)).toEqual([]);

    // The sole trader's home municipality, a code other records carry too, on the outputs about its organization.
    const personOrg = await db.prisma.organization.findFirstOrThrow({ where: { orgNumber: PERSON_ORG } });
    const personId = encodeGlobalId('Organization', personOrg.id);
    expect(personOrg.naturalPerson).toBe(true);
    const home = PERSONAL['Organization.municipalityCode']!;
    for (const key of [undefined, otherKey]) {
      const r = await graphql('query($id: ID!) { node(id: $id) { ... on Organization { orgNumber municipality { code } } } }', { id: personId }, key);
      expect(JSON.parse(r.text).data.node).toEqual({ orgNumber: null, municipality: null });
    }
    expect(surfaces['export organizations.csv']!.split('\n').find((row) => row.startsWith(`${personId},`))).not.toContain(home);
  });

  it('does not echo a personal number it refuses, and refuses it as a key', async () => {
    const bad = await graphql(
      `mutation($items: [ProducerInput!]!) { upsertProducers(source: "farms", items: $items) { committed items { errors { message } } } }`,
      { items: [{ externalId: 'farm-raw', name: 'Raw', kind: 'FARM', municipalityCode: 'NO-3901', orgNumber: '811228-9874' }] },
      ownerKey,
    );
    expect(bad.text).toContain('This is a personal identity number, not an ISO 6523 org number');
    expect(bad.text).not.toContain('9874');
    const keyed = await graphql(
      `mutation($items: [ProducerInput!]!) { upsertProducers(source: "farms", items: $items) { committed items { errors { message } } } }`,
      { items: [{ externalId: 'se-811228-9874', name: 'Keyed', kind: 'FARM', municipalityCode: 'NO-3901' }] },
      ownerKey,
    );
    expect(JSON.parse(keyed.text).data.upsertProducers).toEqual({
      committed: false,
      items: [
        {
          errors: [
            {
              message:
                'This externalId carries a personal identity number, and keys are published: key the record by something else, such as your own record number.',
            },
          ],
        },
      ],
    });
    expect(leaks({ logs: logs.join('\n') })).toEqual([]);
  });
});
