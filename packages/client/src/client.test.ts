import { describe, expect, it } from 'vitest';
import { FoodCommonsError, SharesByMunicipalityYearDocument, createClient } from './index.js';

type Sent = { url: string; headers: Record<string, string>; body: { query: string; variables: unknown; operationName: string } };

/** A stand-in HTTP endpoint that records what the client sends and answers with a fixed body. */
function endpoint(answer: unknown, status = 200) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: { headers: Record<string, string>; body: string }) => {
    sent.push({ url, headers: init.headers, body: JSON.parse(init.body) });
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  };
  return { sent, fetch };
}

describe('typed client', () => {
  it('posts the named operation with its variables and the API key', async () => {
    const { sent, fetch } = endpoint({ data: { deliveryStats: { rows: [] } } });
    const client = createClient({ url: 'https://api.example/graphql', apiKey: 'fc_key', fetch });
    const data = await client.request(SharesByMunicipalityYearDocument, { filter: { municipality: ['NO-3901'] }, local: { definition: 'WITHIN_KM', km: 50 } });
    expect(data.deliveryStats.rows).toEqual([]);
    expect(sent[0]!.url).toBe('https://api.example/graphql');
    expect(sent[0]!.headers.authorization).toBe('Bearer fc_key');
    expect(sent[0]!.body.operationName).toBe('SharesByMunicipalityYear');
    expect(sent[0]!.body.query).toContain('groupBy: [MUNICIPALITY, YEAR]');
    expect(sent[0]!.body.variables).toEqual({ filter: { municipality: ['NO-3901'] }, local: { definition: 'WITHIN_KM', km: 50 } });
  });

  it('throws the API’s typed errors with their code', async () => {
    const { fetch } = endpoint({
      errors: [{ message: 'Unknown municipality code "NO-9999".', extensions: { code: 'UNKNOWN_CODE', field: 'filter.municipality' } }],
    });
    const client = createClient({ url: 'https://api.example/graphql', fetch });
    const error = await client.request(SharesByMunicipalityYearDocument, { filter: { municipality: ['NO-9999'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FoodCommonsError);
    expect((error as FoodCommonsError).code).toBe('UNKNOWN_CODE');
    expect((error as FoodCommonsError).message).toContain('NO-9999');
  });

  it('says so when the answer is not GraphQL', async () => {
    const client = createClient({ url: 'https://api.example/graphql', fetch: async () => new Response('Bad gateway', { status: 502 }) });
    await expect(client.request(SharesByMunicipalityYearDocument, {})).rejects.toThrow('The API answered 502 without a GraphQL response.');
  });
});
