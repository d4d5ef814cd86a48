import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { databaseKinds, migratedDatabase } from '../../test/databases.js';
import { graphqlClient } from '../../test/graphql.js';

describe.each(databaseKinds)('null bytes in GraphQL input on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const refused = async (query: string, variables?: Record<string, unknown>) => {
    const result = await api.query(query, variables);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    return result.errors![0]!;
  };

  it('refuses a null byte written in the query, naming the argument', async () => {
    const error = await refused('{ producers(filter: { search: "a\\u0000b" }) { totalCount } }');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search', argument: 'filter' });
    expect(error.message).toBe('Argument "filter.search" of "producers" holds a null byte (U+0000), which text cannot contain; remove it.');
    const inList = await refused('{ producers(filter: { municipality: ["NO-3901", "\\u0000"] }) { totalCount } }');
    expect(inList.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.municipality[1]' });
  });

  it('refuses a null byte in a variable, naming the variable and the argument it feeds', async () => {
    const inside = await refused('query($s: String) { producers(filter: { search: $s }) { totalCount } }', { s: 'a\u0000b' });
    expect(inside.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search', variable: 's' });
    expect(inside.message).toBe('Variable "$s" (argument "filter.search" of "producers") holds a null byte (U+0000), which text cannot contain; remove it.');
    const whole = await refused('query($f: ProducerFilter) { producers(filter: $f) { totalCount } }', {
      f: { search: 'ok', municipality: ['NO-3901', 'x\u0000'] },
    });
    expect(whole.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.municipality[1]', variable: 'f' });
    expect(whole.message).toContain('Variable "$f.municipality[1]"');
  });

  it('answers the same queries without null bytes', async () => {
    const literal = await api.query('{ producers(filter: { search: "ab" }) { totalCount } }');
    expect(literal).toMatchObject({ data: { producers: { totalCount: 0 } } });
    expect(literal.errors).toBeUndefined();
    const variable = await api.query('query($f: ProducerFilter) { producers(filter: $f) { totalCount } }', { f: { search: 'a\u0001b' } });
    expect(variable.errors).toBeUndefined();
  });
});
