import { GraphQLError, Kind, print } from 'graphql';
import { builder } from '../builder.js';

builder.scalarType('JSON', {
  description: 'Any JSON value (used for GeoJSON geometries and localized text maps).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 date-time: a date, optionally a time (seconds and fractions optional) and a UTC offset. */
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/i;

const shown = (value: unknown) => (typeof value === 'string' ? `"${value.slice(0, 100)}"` : String(value).slice(0, 100));
const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Days of a month in the proleptic Gregorian calendar. */
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A real calendar day: JavaScript's Date would quietly roll 2025-02-30 over to 2025-03-02. */
function isCalendarDate(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(Number(year), m);
}

function parseDate(value: unknown): Date {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (!m) throw badInput(`${shown(value)} is not a date; write "YYYY-MM-DD".`);
  if (!isCalendarDate(m[1]!, m[2]!, m[3]!)) throw badInput(`${shown(value)} is not a calendar date (no such day in that month).`);
  return new Date(`${value as string}T00:00:00Z`);
}

function parseDateTime(value: unknown): Date {
  const m = typeof value === 'string' ? DATE_TIME_RE.exec(value) : null;
  if (!m) throw badInput(`${shown(value)} is not an ISO 8601 date-time such as "2025-01-31T12:00:00Z".`);
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = m;
  const inRange = (text: string | undefined, max: number) => text === undefined || Number(text) <= max;
  if (
    !isCalendarDate(year!, month!, day!) ||
    !inRange(hour, 23) ||
    !inRange(minute, 59) ||
    !inRange(second, 59) ||
    !inRange(offsetHours, 23) ||
    !inRange(offsetMinutes, 59)
  ) {
    throw badInput(`${shown(value)} is not a valid date-time (no such day or time).`);
  }
  // Without an offset a time is read as UTC (JavaScript would take the server's time zone).
  const iso = (value as string).toUpperCase().replace(' ', 'T') + (hour !== undefined && m[7] === undefined ? 'Z' : '');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw badInput(`${shown(value)} is not a valid date-time.`);
  return date;
}

builder.scalarType('Date', {
  description: 'A calendar date, "YYYY-MM-DD".',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : print(ast)),
});

builder.scalarType('DateTime', {
  description: 'A point in time, ISO 8601 in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : print(ast)),
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
