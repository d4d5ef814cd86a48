import { createHash } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type Encoding, compressStatic } from './compression.js';

type GraphiQLOptions = Parameters<typeof renderGraphiQL>[0];

/** What the HTTP layer needs of GraphiQL's page. */
export interface GraphQLPageLike {
  readonly contentSecurityPolicy: string;
  compressedBody(encoding: Encoding): Uint8Array<ArrayBuffer> | null;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * GraphiQL's page, rendered once: its options are the server's, so every request gets the same
 * 9 MB of HTML. Its two inline scripts are allowed by their hashes, so the Content-Security-Policy
 * needs no `'unsafe-inline'` for scripts. The editor injects its styles at run time, which hashes
 * cannot cover, so styles stay `'unsafe-inline'`; `frame-ancestors 'none'` keeps it out of frames.
 */
export class GraphiQLPage implements GraphQLPageLike {
  private page: { html: string; contentSecurityPolicy: string } | undefined;
  private readonly compressed = new Map<Encoding, { body: Uint8Array<ArrayBuffer> | null }>();

  constructor(private readonly options: GraphiQLOptions) {}

  /** Rendered on first use (tests build many servers and rarely open GraphiQL). */
  private get rendered() {
    if (this.page) return this.page;
    const html = renderGraphiQL(this.options) as string;
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]!));
    const contentSecurityPolicy = [
      "default-src 'self'",
      `script-src 'self' ${scripts.join(' ')}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    this.page = { html, contentSecurityPolicy };
    return this.page;
  }

  get html(): string {
    return this.rendered.html;
  }

  get contentSecurityPolicy(): string {
    return this.rendered.contentSecurityPolicy;
  }

  /** The renderer yoga calls: the page rendered at start. */
  readonly render = (): string => this.html;

  /**
   * The page compressed with `encoding` at the highest settings, once it is ready: the first call
   * starts the work in the background thread pool (brotli takes seconds on 9 MB) and returns null, so
   * that request is compressed on the fly instead.
   */
  compressedBody(encoding: Encoding): Uint8Array<ArrayBuffer> | null {
    const entry = this.compressed.get(encoding);
    if (entry) return entry.body;
    const started = { body: null as Uint8Array<ArrayBuffer> | null };
    this.compressed.set(encoding, started);
    compressStatic(new TextEncoder().encode(this.html), encoding).then(
      (body) => (started.body = body),
      () => this.compressed.delete(encoding),
    );
    return null;
  }
}
