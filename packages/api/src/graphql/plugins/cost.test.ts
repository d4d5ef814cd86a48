import fs from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../config.js';
import { EXAMPLE_QUERIES } from '../examples.js';
import { schema } from '../schema/index.js';
import { LIMITS, operationCost } from './cost.js';

const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), undefined, variables);

describe('query cost', () => {
  it('prices queries as the README says, checked by hand', () => {
    // 2 + 20 × (node 1 + categories 1 + 10 × code 0)
    expect(cost('{ producers(first: 20) { edges { node { name categories { code } } } } }')).toBe(42);
    // default page of 20: 2 + 20 × (node 1 + organization 1)
    expect(cost('{ producers { totalCount edges { node { name organization { name } } } } }')).toBe(42);
    // 1 + 30 × (1 + 100 × 1): regions › municipalities › region
    expect(cost('{ regions(country: "SE") { municipalities { region { code } } } }')).toBe(1 + 30 * (1 + 100 * 1));
    // rollup statistics 100 (+ rows 1 + 10 × (municipality 1)); from the lines 2,000
    expect(cost('{ deliveryStats(groupBy: [YEAR]) { rows { municipality { code } total } } }')).toBe(100 + 1 + 10 * 1);
    expect(cost('{ deliveryStats(groupBy: [CATEGORY]) { rows { total } } }')).toBe(100 + 1);
    expect(cost('{ deliveryStats(groupBy: [CATEGORY], categoryDepth: 3) { rows { total } } }')).toBe(2_000 + 1);
    expect(cost('{ deliveryStats(groupBy: [KITCHEN_KIND, YEAR], filter: { category: ["fruit"] }) { rows { total } } }')).toBe(100 + 1);
    expect(cost('{ deliveryStats(groupBy: [KITCHEN_KIND, MONTH]) { rows { total } } }')).toBe(2_000 + 1);
    // by producer or kitchen: pages of `first` rows (default 100), the selection counted once per 10 rows
    expect(cost('{ deliveryStats(groupBy: [PRODUCER]) { rows { total } } }')).toBe(2_000 + 10 * 1);
    expect(cost('{ deliveryStats(groupBy: [KITCHEN, YEAR], first: 1000) { rows { total kitchen { name } } } }')).toBe(2_000 + 100 * (1 + 10 * 1));
    expect(cost('{ deliveryStats(filter: { from: "2024-01-15" }) { rows { total } } }')).toBe(2_000 + 1);
    expect(cost('{ deliveryStats(filter: { from: "2024-01-01", to: "2024-12-31" }) { rows { total } } }')).toBe(100 + 1);
    // perMeal: 2,000 once per deliveryStats (+ its object, once per 10 rows), through fragments too
    expect(cost('{ deliveryStats(groupBy: [YEAR]) { rows { total perMeal { total coverage } } } }')).toBe(100 + 2_000 + 1 + 10 * 1);
    expect(
      cost(
        '{ a: deliveryStats(groupBy: [YEAR]) { ...r } b: deliveryStats(groupBy: [MONTH]) { rows { total } } } fragment r on DeliveryStats { rows { perMeal { meals } } }',
      ),
    ).toBe(100 + 2_000 + 1 + 10 * 1 + 100 + 1);
    // nodes: its selection times the IDs
    const ids = [1, 2, 3].map((n) => Buffer.from(`Producer:${n}`).toString('base64url'));
    expect(cost(`{ nodes(ids: ${JSON.stringify(ids)}) { id ... on Producer { organization { name } } } }`)).toBe(1 + 3 * 1);
  });

  it('keeps every example query, GraphiQL tab, client operation and README query within the limits', () => {
    const documents: [string, string, Record<string, unknown>?][] = EXAMPLE_QUERIES.map((e) => [`GraphiQL tab "${e.name}"`, e.query, e.variables]);
    // The client's and the widgets' operations as sent, fragments included: its persisted-documents manifest.
    const manifest = path.join(repoRoot, 'packages', 'client', 'src', 'generated', 'persisted-documents.json');
    const operations = Object.values(JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>);
    expect(operations.length).toBeGreaterThanOrEqual(16);
    for (const text of operations) {
      const name = `client operation ${/\bquery (\w+)/.exec(text)?.[1] ?? text}`;
      expect(validate(schema, parse(text)), name).toEqual([]);
      documents.push([
        name,
        text,
        {
          first: 100,
          municipality: ['NO-3901'],
          code: 'NO-3901',
          bbox: { minLat: 59, minLon: 10, maxLat: 60, maxLon: 11 },
          id: Buffer.from('Producer:1').toString('base64url'),
        },
      ]);
    }
    for (const readme of ['README.md', 'examples/researcher/README.md', 'examples/municipal-page/README.md', 'examples/kismet-page/README.md']) {
      const file = path.join(repoRoot, readme);
      if (!fs.existsSync(file)) continue;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)) documents.push([readme, m[1]!]);
    }
    expect(documents.length).toBeGreaterThan(12);
    for (const [name, query, variables] of documents) {
      const document = parse(query);
      if (validate(schema, document).length) continue; // fragments of a query in prose
      const points = operationCost(schema, document, undefined, variables ?? {});
      expect(points, name).not.toBeNull();
      expect(points!, name).toBeLessThanOrEqual(16_000);
      expect(points!, name).toBeLessThanOrEqual(LIMITS.cost);
    }
  });
});
