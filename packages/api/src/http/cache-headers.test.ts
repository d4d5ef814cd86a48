import { describe, expect, it } from 'vitest';
import { representation } from './cache-headers.js';

/** The representation the full reading gives: parse, drop what differs between requests, write again. */
function fullReading(text: string): string | null {
  const answer = JSON.parse(text) as { data?: unknown; errors?: unknown[]; extensions?: { cost?: Record<string, unknown>; responseCache?: string } };
  if (answer.errors?.length || answer.data == null) return null;
  if (answer.extensions) {
    delete answer.extensions.cost?.throttleStatus;
    delete answer.extensions.responseCache;
    if (!Object.keys(answer.extensions).length) delete answer.extensions;
  }
  return JSON.stringify(answer);
}

describe('the public representation of a GraphQL answer', () => {
  const data = { producers: { totalCount: 2, edges: [{ node: { id: 'UHJvZHVjZXI6MQ==', name: 'Gård "extensions": AS', note: ',"extensions":{}}' } }] } };
  const cost = { requestedQueryCost: 12, maximumAvailable: 5000 };
  const answers = {
    'a miss': { data, extensions: { cost: { ...cost, throttleStatus: { currentlyAvailable: 4988 } }, responseCache: 'miss' } },
    'a hit with another budget left': { data, extensions: { cost: { ...cost, throttleStatus: { currentlyAvailable: 17 } }, responseCache: 'hit' } },
    'no extensions': { data },
    'only volatile extensions': { data, extensions: { responseCache: 'shared' } },
  };

  it('is the same bytes whatever the cache and the budget said, and what the full reading gives', () => {
    const texts = Object.values(answers).map((a) => JSON.stringify(a));
    for (const text of texts) expect(representation(text)).toBe(fullReading(text));
    expect(representation(texts[0]!)).toBe(representation(texts[1]!));
    expect(representation(texts[0]!)).toBe(JSON.stringify({ data, extensions: { cost } }));
    expect(representation(texts[3]!)).toBe(JSON.stringify({ data }));
  });

  it('keeps data keys named like the answer’s own (aliases) and refuses answers with errors or without data', () => {
    const aliased = JSON.stringify({ data: { errors: 1, extensions: { responseCache: 'x' } }, extensions: { responseCache: 'miss' } });
    expect(representation(aliased)).toBe(JSON.stringify({ data: { errors: 1, extensions: { responseCache: 'x' } } }));
    expect(representation(JSON.stringify({ errors: [{ message: 'no' }], data: null, extensions: { cost } }))).toBeNull();
    expect(representation(JSON.stringify({ data: { a: 1 }, errors: [{ message: 'partly' }], extensions: { cost } }))).toBeNull();
    expect(representation(JSON.stringify({ data: null }))).toBeNull();
    expect(representation('<html>')).toBeNull();
  });
});
