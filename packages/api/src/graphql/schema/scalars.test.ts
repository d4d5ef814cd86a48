import { GraphQLError, type GraphQLScalarType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { databaseKinds, migratedDatabase } from '../../test/databases.js';
import { graphqlClient } from '../../test/graphql.js';
import { schema } from './index.js';

const scalar = (name: string) => schema.getType(name) as GraphQLScalarType;

function refusal(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('accepted');
}

describe('Date and DateTime', () => {
  it('accept calendar days only (2025-02-30 is not 2025-03-02)', () => {
    const date = scalar('Date');
    expect(date.parseValue('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(date.parseValue('2025-12-31')).toEqual(new Date('2025-12-31T00:00:00Z'));
    for (const bad of [
      '2025-02-30',
      '2025-02-29',
      '2100-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-1-1',
      '2025-01-01T00:00:00Z',
      '',
      20250101,
    ]) {
      const error = refusal(() => date.parseValue(bad));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(typeof bad === 'string' ? `"${bad}"` : String(bad));
    }
  });

  it('accept real ISO 8601 date-times, UTC when no offset is given', () => {
    const dateTime = scalar('DateTime');
    expect(dateTime.parseValue('2024-02-29T23:59:59Z')).toEqual(new Date(Date.UTC(2024, 1, 29, 23, 59, 59)));
    expect(dateTime.parseValue('2025-01-31T12:00:00+01:00')).toEqual(new Date(Date.UTC(2025, 0, 31, 11)));
    expect(dateTime.parseValue('2025-01-31T12:00:00.250Z')).toEqual(new Date(Date.UTC(2025, 0, 31, 12, 0, 0, 250)));
    expect(dateTime.parseValue('2025-01-31T12:00')).toEqual(new Date(Date.UTC(2025, 0, 31, 12)));
    expect(dateTime.parseValue('2025-01-31')).toEqual(new Date(Date.UTC(2025, 0, 31)));
    for (const bad of [
      '2025-02-30T00:00:00Z',
      '2025-01-31T24:00:00Z',
      '2025-01-31T12:60:00Z',
      '2025-01-31T12:00:61Z',
      '2025-01-31T12:00:00+25:00',
      'March 7, 2025',
      '1738321200000',
    ]) {
      const error = refusal(() => dateTime.parseValue(bad));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`"${bad}"`);
    }
  });
});

describe.each(databaseKinds)('Date arguments over GraphQL on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  it('refuses 2025-02-30 as a literal and as a variable with BAD_USER_INPUT naming the value', async () => {
    const literal = await api.query('{ demands(filter: { from: "2025-02-30" }) { totalCount } }');
    expect(literal.data).toBeUndefined();
    expect(literal.errors).toHaveLength(1);
    expect(literal.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(literal.errors![0]!.message).toContain('"2025-02-30" is not a calendar date');

    const variable = await api.query('query($from: Date) { demands(filter: { from: $from }) { totalCount } }', { from: '2025-02-30' });
    expect(variable.data).toBeUndefined();
    expect(variable.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(variable.errors![0]!.message).toContain('"2025-02-30" is not a calendar date');

    const leapDay = await api.query('query($from: Date) { demands(filter: { from: $from, to: "2024-02-29" }) { totalCount } }', { from: '2024-02-29' });
    expect(leapDay.errors).toBeUndefined();
    expect(leapDay.data!.demands.totalCount).toBe(0);
  });
});
