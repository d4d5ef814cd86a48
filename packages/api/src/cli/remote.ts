import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Backend, ImportRequest, ImportView } from './backend.js';
import { FcError } from './backend.js';
import { stepLog } from './progress.js';

/** How long `fc` waits for a TCP connection to the server before it takes the server to be down. */
const CONNECT_MS = 1000;
/** How long a busy server may take to answer the health check once connected. */
const HEALTH_MS = 30_000;

/** Whether something accepts TCP connections at the URL's host and port (within CONNECT_MS). */
export function listening(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(CONNECT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The cause of a failed fetch, said shortly ("connection refused"). */
function why(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was cut';
  if (code === 'ENOTFOUND') return 'host not found';
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (error as Error).message;
}

/** Checks that a Food Commons server answers at `base` (its /healthz), or says what answers instead. */
export async function checkServer(base: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(HEALTH_MS) });
  } catch (error) {
    throw new FcError(`The server at ${base} does not answer (${why(error)}).`);
  }
  const body = (await response.json().catch(() => null)) as { status?: string } | null;
  if (!response.ok || body?.status !== 'ok') throw new FcError(`${base} answers, but not as a Food Commons server (GET /healthz: HTTP ${response.status}).`);
}

/** Where the key `fc` sends comes from, for messages about a refused key. */
export interface KeySource {
  key: string;
  /** "the operator key in .data/operator-key", "FC_API_KEY", "--key". */
  from: string;
}

const IMPORT = `mutation FcImport($kind: ImportKind!, $source: String!, $file: File!, $dryRun: Boolean, $partial: Boolean, $force: Boolean) {
  importFile(kind: $kind, source: $source, file: $file, dryRun: $dryRun, partial: $partial, force: $force) {
    committed dryRun kind source encoding delimiter rows created updated unchanged failed
    previousImport { at rows } headerProblems { message } errors { row column value message } errorCount notes lastPosition
  }
}`;

/**
 * `fc` through a running server: the operator's commands on /operator/…, imports through the
 * `importFile` mutation, each signed with the operator key (or the key given).
 */
export function remoteBackend(base: string, operatorKey: () => KeySource): Backend {
  /** One request; the answer's JSON, or an FcError with the server's message. */
  async function send(key: KeySource, pathname: string, init: RequestInit = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key.key}` } });
    } catch (error) {
      throw new FcError(`The server at ${base} did not answer (${why(error)}).`);
    }
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
      errors?: { message: string; extensions?: { code?: string } }[];
      data?: unknown;
    } | null;
    const message = body?.error?.message ?? (body?.errors?.length ? body.errors.map((e) => e.message).join(' ') : null);
    const refused = response.status === 401 || response.status === 403 || body?.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (refused) throw new FcError(`The server refused ${key.from}: ${message ?? `HTTP ${response.status}`}`);
    if (message) throw new FcError(message);
    if (!response.ok || body === null) throw new FcError(`The server at ${base} answered HTTP ${response.status} to ${pathname}.`);
    return body;
  }
  const get = async <T>(pathname: string) => (await send(operatorKey(), pathname)) as T;
  const post = async <T>(pathname: string, body: object = {}) =>
    (await send(operatorKey(), pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })) as T;

  async function importFile(request: ImportRequest): Promise<ImportView> {
    const key = request.key ? { key: request.key, from: 'the key given with --key' } : operatorKey();
    const name = path.basename(request.file);
    const form = new FormData();
    const variables = {
      kind: request.kind.toUpperCase(),
      source: request.source,
      file: null,
      dryRun: request.dryRun,
      partial: request.partial,
      force: request.force,
    };
    form.append('operations', JSON.stringify({ query: IMPORT, variables }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', await fs.openAsBlob(request.file), name);
    // The key first: a refused upload may be cut off before its answer arrives.
    await send(key, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const size = fs.statSync(request.file).size;
    const step = stepLog(`sending ${name} (${size.toLocaleString('en')} bytes) to ${base} to import`);
    let body: { data: { importFile: ImportView } };
    try {
      body = (await send(key, '/graphql', { method: 'POST', body: form })) as typeof body;
    } finally {
      step.end();
    }
    const view = body.data.importFile;
    return { ...view, kind: view.kind.toLowerCase() };
  }

  return {
    addOrganization: (input) => post('/operator/organizations', input),
    listOrganizations: () => get('/operator/organizations'),
    addSource: ({ organization, ...input }) => post('/operator/sources', { ...input, org: organization }),
    addApiKey: ({ organization, ...input }) => post('/operator/keys', { ...input, org: organization }),
    listApiKeys: (organization) => get(`/operator/keys?org=${encodeURIComponent(organization)}`),
    revokeKey: (prefix) => post('/operator/keys/revoke', { prefix }),
    deliverWebhooks: () => post('/operator/webhooks/deliver'),
    sealSecrets: () => post('/operator/webhooks/seal-secrets'),
    importFile,
    close: async () => {},
  };
}
