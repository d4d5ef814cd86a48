/** Talking to the Food Commons API: GraphQL and the plain GeoJSON endpoints, abortable. */
import type { TypedDocumentString } from '@food-commons/client';

/** Why loading failed: the network, the server, the API refused the request, or an attribute is invalid. */
export class FcLoadError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'http' | 'graphql' | 'input',
  ) {
    super(message);
    this.name = 'FcLoadError';
  }
}

/** The origin this script was loaded from: the default `api` of every element. */
export const scriptOrigin = (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return '';
  }
})();

/** The API base from an element's `api` attribute (trailing slash dropped), or the script's origin. */
export function apiBase(api: string | undefined | null): string {
  const base = api?.trim() || scriptOrigin;
  return base.replace(/\/+$/, '');
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new FcLoadError(`Cannot reach ${url}`, 'network');
  }
  return response;
}

/**
 * Runs one of `@food-commons/client`'s named operations with its typed variables and returns its
 * typed data; GraphQL errors become an FcLoadError with the API's message. In the bundle a document
 * is its persisted text (see scripts/graphql-documents.ts); `String` reads either form.
 */
export async function graphql<T, V>(api: string, document: TypedDocumentString<T, V>, variables: V, signal?: AbortSignal): Promise<T> {
  const response = await send(`${apiBase(api)}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: String(document), variables }),
    signal,
  });
  let body: { data?: T; errors?: { message: string }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new FcLoadError(`The API answered ${response.status} without JSON`, 'http');
  }
  if (body.errors?.length) throw new FcLoadError(body.errors.map((e) => e.message).join('; '), 'graphql');
  if (!response.ok || body.data === undefined) throw new FcLoadError(`The API answered ${response.status}`, 'http');
  return body.data;
}

/** Fetches a JSON document (the GeoJSON endpoints) from the API. */
export async function getJson<T>(api: string, pathAndQuery: string, signal?: AbortSignal): Promise<T> {
  const response = await send(`${apiBase(api)}${pathAndQuery}`, { headers: { accept: 'application/json, application/geo+json' }, signal });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new FcLoadError(`The API answered ${response.status} without JSON`, 'http');
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } })?.error?.message;
    throw new FcLoadError(message ?? `The API answered ${response.status}`, 'http');
  }
  return body as T;
}

/** Splits a comma list attribute ("NO-3901, NO-3903") into trimmed values. */
export const splitList = (value: string | undefined | null): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Whether a task's arguments are unchanged. They are arrays and objects of plain values built on
 * every render, so they compare by value (as JSON), not by identity.
 */
export const sameArgs = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
