import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

builder.scalarType('JSON', {
  description: 'Any JSON value (used for GeoJSON geometries and localized text maps).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType('Date', {
  description: 'A calendar date, "YYYY-MM-DD".',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || !DATE_RE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw new GraphQLError(`"${String(value)}" is not a date (YYYY-MM-DD).`);
    }
    return new Date(`${value}T00:00:00Z`);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !DATE_RE.test(ast.value) || Number.isNaN(Date.parse(`${ast.value}T00:00:00Z`))) {
      throw new GraphQLError('A Date is a string "YYYY-MM-DD".');
    }
    return new Date(`${ast.value}T00:00:00Z`);
  },
});

builder.scalarType('DateTime', {
  description: 'A point in time, ISO 8601 in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw new GraphQLError(`"${String(value)}" is not an ISO 8601 date-time.`);
    return date;
  },
});

builder.scalarType('Decimal', {
  description: 'A decimal number (quantities, money). Serialized as a JSON number.',
  serialize: (value) => Number(value),
  parseValue: (value) => {
    const n = typeof value === 'string' ? Number(value.replace(',', '.')) : Number(value);
    if (!Number.isFinite(n)) throw new GraphQLError(`"${String(value)}" is not a number.`);
    return n;
  },
});
