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

type Answer<T> = { response: Response; body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } };

async function answer<T>(url: string, init: RequestInit): Promise<Answer<T>> {
  const response = await send(url, init);
  try {
    return { response, body: (await response.json()) as Answer<T>['body'] };
  } catch {
    throw new FcLoadError(`The API answered ${response.status} without JSON`, 'http');
  }
}

const ids = new Map<string, Promise<string | null>>();

/**
 * A document's persisted id, as in the client's manifest: "sha256:" and the SHA-256 of its text (in
 * the bundle, the manifest's text). Null where the browser cannot hash: outside a secure context.
 */
function persistedId(text: string): Promise<string | null> {
  let id = ids.get(text);
  if (!id) {
    const subtle = globalThis.crypto?.subtle;
    id = subtle
      ? subtle.digest('SHA-256', new TextEncoder().encode(text)).then(
          (hash) => `sha256:${Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('')}`,
          () => null,
        )
      : Promise.resolve(null);
    ids.set(text, id);
  }
  return id;
}

/**
 * Runs one of `@food-commons/client`'s named operations with its typed variables and returns its
 * typed data; GraphQL errors become an FcLoadError with the API's message. In the bundle a document
 * is its persisted text (see scripts/graphql-documents.ts); `String` reads either form.
 *
 * Sent as a persisted operation, `GET /graphql?id=sha256:…&variables=…`: a simple request (no CORS
 * preflight) whose answer browsers and CDNs cache by its URL. A server that does not know the id
 * (an older one) gets the document by POST, once.
 */
export async function graphql<T, V>(api: string, document: TypedDocumentString<T, V>, variables: V, signal?: AbortSignal): Promise<T> {
  const url = `${apiBase(api)}/graphql`;
  const query = String(document);
  // A generated document knows its id; in the bundle a document is the manifest's text, hashed here.
  const id = (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? (await persistedId(query));
  let result: Answer<T> | undefined;
  if (id) {
    const vars = JSON.stringify(variables ?? {});
    result = await answer<T>(`${url}?id=${encodeURIComponent(id)}${vars === '{}' ? '' : `&variables=${encodeURIComponent(vars)}`}`, {
      headers: { accept: 'application/json' },
      signal,
    });
    const code = result.body.errors?.[0]?.extensions?.code;
    // PERSISTED_QUERY_NOT_FOUND: another manifest; 403 without a code: a server without persisted
    // operations, whose CSRF check wants a header on a GET.
    if (code === 'PERSISTED_QUERY_NOT_FOUND' || (!code && result.response.status === 403)) result = undefined;
  }
  result ??= await answer<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const { response, body } = result;
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
