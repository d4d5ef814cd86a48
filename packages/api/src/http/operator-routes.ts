import { authenticate } from '../access/auth.js';
import * as operator from '../access/operator.js';
import { requireScope } from '../access/policy.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import type { Route } from './routes.js';

type Body = Record<string, unknown>;

/** The JSON object a request carries; a 400 naming the problem otherwise. */
async function jsonBody(request: Request): Promise<Body> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new UserError(ErrorCode.BAD_USER_INPUT, 'The body must be a JSON object (Content-Type: application/json).');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new UserError(ErrorCode.BAD_USER_INPUT, 'The body must be a JSON object.');
  return body as Body;
}

/** A text field of the body: absent or null gives undefined, any other type a 400 naming the field. */
function text(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UserError(ErrorCode.BAD_USER_INPUT, `\`${field}\` must be a string.`, { field });
  return value;
}

function texts(body: Body, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new UserError(ErrorCode.BAD_USER_INPUT, `\`${field}\` must be a list of strings.`, { field });
  return value as string[];
}

const answer = (value: unknown) => Response.json(value, { headers: { 'cache-control': 'no-store' } });

/**
 * What `fc` does on a running server, for the operator key only (scope `operate`): the commands that
 * act across organizations and have no GraphQL mutation (registering organizations, their sources and
 * keys, delivering webhooks now). Imports go through `importFile` like everyone's.
 */
export function operatorRoutes(db: Database, config: Pick<Config, 'webhookAllowedTargets' | 'secretKey'>): Route[] {
  const operatorOnly = async (request: Request) =>
    requireScope(await authenticate(db, request.headers.get('authorization')), 'operate', 'The operator routes (what `fc` does on a running server)');
  const route = (method: 'GET' | 'POST', path: string, run: (request: Request, url: URL) => Promise<unknown>): Route => ({
    method,
    path,
    async handler(request, url) {
      await operatorOnly(request);
      return answer(await run(request, url));
    },
  });
  return [
    route('GET', '/operator/organizations', () => operator.listOrganizations(db)),
    route('POST', '/operator/organizations', async (request) => {
      const body = await jsonBody(request);
      return operator.addOrganization(db, { name: text(body, 'name') ?? '', orgNumber: text(body, 'orgNumber'), kind: text(body, 'kind') });
    }),
    route('POST', '/operator/sources', async (request) => {
      const body = await jsonBody(request);
      return operator.addSource(db, {
        organization: text(body, 'org') ?? '',
        key: text(body, 'key') ?? '',
        name: text(body, 'name') ?? '',
        licence: text(body, 'licence') ?? '',
        url: text(body, 'url'),
        attribution: text(body, 'attribution'),
      });
    }),
    route('GET', '/operator/keys', async (_request, url) => operator.listApiKeys(db, url.searchParams.get('org') ?? '')),
    route('POST', '/operator/keys', async (request) => {
      const body = await jsonBody(request);
      return operator.addApiKey(db, { organization: text(body, 'org') ?? '', scopes: texts(body, 'scopes'), name: text(body, 'name') });
    }),
    route('POST', '/operator/keys/revoke', async (request) => operator.revokeKey(db, text(await jsonBody(request), 'prefix') ?? '')),
    route('POST', '/operator/webhooks/deliver', () => operator.deliverWebhooksNow(db, config)),
    route('POST', '/operator/webhooks/seal-secrets', () => operator.sealWebhookSecrets(db, config)),
  ];
}
