import type { CorsScope } from './cors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteParams = Record<string, string>;

/**
 * Answers one request. Throwing is fine: the HTTP layer turns any error into the JSON error format
 * (a UserError into a 400 naming its field, anything unexpected into a 500 that is logged).
 */
export type Handler = (request: Request, url: URL, params: RouteParams) => Response | Promise<Response>;

/**
 * One entry of the route table. `path` is literal text with `:name` for one path segment (or the part
 * of it before a literal suffix, as in `/geo/municipalities/:code.geojson`) and `*name` for the rest
 * of the path. Parameters are given as they appear in the URL (not percent-decoded). A GET route also
 * answers HEAD (without a body); every route answers preflights.
 */
export interface Route {
  method: Method;
  path: string;
  handler: Handler;
  /** Who may read the answer from other origins (default `configured`: CORS_ORIGINS decides). */
  cors?: CorsScope;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: RouteParams; methods: string[] }
  | { kind: 'method-not-allowed'; methods: string[]; cors: CorsScope }
  | { kind: 'not-found' };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a route path (`/dfc/:kind`, `/widgets/*file`) to an anchored regular expression. */
export function compilePath(path: string): RegExp {
  const source = path
    .split(/([:*][A-Za-z_]\w*)/)
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+?)` : part.startsWith('*') ? `(?<${part.slice(1)}>.*)` : escape(part)))
    .join('');
  return new RegExp(`^${source}$`);
}

/** A trailing slash names the same resource (`/embed/` is `/embed`), the root excepted. */
export const normalizePath = (pathname: string) => (pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname);

/** The methods a route table allows for a path, with the HEAD and OPTIONS every route answers. */
const allowed = (routes: Route[]) => {
  const methods = new Set<string>();
  for (const r of routes) {
    methods.add(r.method);
    if (r.method === 'GET') methods.add('HEAD');
  }
  methods.add('OPTIONS');
  return [...methods];
};

/** The one table of plain HTTP routes served next to GraphQL. */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((r) => ({ ...r, pattern: compilePath(r.path) }));
  }

  /** The route answering `method` at `pathname` (already normalized), or why none does. */
  match(method: string, pathname: string): RouteMatch {
    const atPath = this.routes.filter((r) => r.pattern.test(pathname));
    if (atPath.length === 0) return { kind: 'not-found' };
    const methods = allowed(atPath);
    const wanted = method === 'HEAD' ? 'GET' : method;
    const route = atPath.find((r) => r.method === wanted);
    if (!route) return { kind: 'method-not-allowed', methods, cors: atPath[0]!.cors ?? 'configured' };
    const params = { ...route.pattern.exec(pathname)!.groups };
    return { kind: 'route', route, params, methods };
  }

  /** The CORS scope of a path: that of its routes, `configured` for any other path. */
  corsScope(pathname: string): CorsScope {
    return this.routes.find((r) => r.pattern.test(pathname))?.cors ?? 'configured';
  }
}
