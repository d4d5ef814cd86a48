/**
 * One CORS policy for every route, GraphQL included. Keys travel in the Authorization header, never in
 * cookies, so no answer carries `Access-Control-Allow-Credentials`: a page on another site can read
 * what it could read anonymously, and nothing more.
 *
 * - `CORS_ORIGINS=*` (the default): any origin reads (`Access-Control-Allow-Origin: *`).
 * - `CORS_ORIGINS=https://a.example,https://b.example`: those origins get their origin back; any other
 *   gets no `Access-Control-Allow-Origin` at all, so the browser keeps the answer from the page.
 * - The `null` origin (sandboxed frames, `file:` pages, some redirects) is never allowed.
 * - The widget bundle (`/widgets/…`) is `*` whatever the setting: municipal sites load it as a module script.
 */

/** `configured`: CORS_ORIGINS decides; `any`: every origin (public static files that other sites embed). */
export type CorsScope = 'configured' | 'any';

/** Request headers a cross-origin caller may send. */
export const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'X-GraphQL-Yoga-CSRF', 'Apollo-Require-Preflight'];
/** Response headers a cross-origin caller may read besides the safelisted ones. */
export const EXPOSED_RESPONSE_HEADERS = [
  'Content-Disposition',
  'Link',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
];
/** How long a browser may keep a preflight answer (seconds). */
const MAX_AGE = '600';

/** Adds tokens to a response's `Vary` header without repeating any. */
export function addVary(headers: Headers, ...tokens: string[]): void {
  const current = (headers.get('vary') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (current.includes('*')) return;
  const lower = current.map((t) => t.toLowerCase());
  for (const token of tokens) if (!lower.includes(token.toLowerCase())) current.push(token);
  if (current.length) headers.set('vary', current.join(', '));
}

export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;

  constructor(corsOrigins: string[]) {
    this.anyOrigin = corsOrigins.includes('*');
    this.origins = new Set(corsOrigins.filter((o) => o !== '*').map((o) => o.replace(/\/$/, '')));
  }

  /** The `Access-Control-Allow-Origin` value for a request, or null when the origin may not read. */
  allowOrigin(origin: string | null, scope: CorsScope): string | null {
    if (scope === 'any') return '*';
    if (!origin || origin === 'null') return null;
    if (this.anyOrigin) return '*';
    return this.origins.has(origin) ? origin : null;
  }

  /** Sets the CORS headers of an answer (the `Vary: Origin` too, where the answer depends on the origin). */
  apply(headers: Headers, origin: string | null, scope: CorsScope): void {
    // Handlers do not set CORS headers themselves: this policy is the only place that does.
    for (const name of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers']) headers.delete(name);
    const allow = this.allowOrigin(origin, scope);
    if (scope === 'configured') addVary(headers, 'Origin');
    if (allow) {
      headers.set('access-control-allow-origin', allow);
      headers.set('access-control-expose-headers', EXPOSED_RESPONSE_HEADERS.join(', '));
    }
  }

  /** The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`) for a route allowing `methods`. */
  preflight(origin: string | null, scope: CorsScope, methods: string[]): Response {
    const headers = new Headers({ 'content-length': '0', allow: methods.join(', ') });
    const allow = this.allowOrigin(origin, scope);
    if (scope === 'configured') addVary(headers, 'Origin');
    if (allow) {
      headers.set('access-control-allow-origin', allow);
      headers.set('access-control-allow-methods', methods.join(', '));
      headers.set('access-control-allow-headers', ALLOWED_REQUEST_HEADERS.join(', '));
      headers.set('access-control-max-age', MAX_AGE);
    }
    return new Response(null, { status: 204, headers });
  }
}
