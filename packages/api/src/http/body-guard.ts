import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { authenticate } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { httpError } from './errors.js';

export interface BodyGuardOptions {
  /** Largest request body accepted, in bytes (MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** The GraphQL endpoint, where uploads (multipart requests) need an API key. */
  graphqlEndpoint: string;
}

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** Raised inside a request body that grew beyond the limit while it was read. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Counts a body's bytes as they are read and errors it once they pass `limit`. */
function limitedBody(body: ReadableStream<Uint8Array>, limit: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      bytes += value.byteLength;
      if (bytes > limit) {
        onTooLarge();
        await reader.cancel().catch(() => {});
        controller.error(new BodyTooLargeError(limit));
        return;
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * Request bodies before anything reads them. A declared Content-Length over the limit is answered
 * 413 at once; a body without one (chunked) is counted as it is read and answered 413 once it grows
 * past the limit. An upload (a multipart request to the GraphQL endpoint) must carry a valid API key,
 * checked before its body is read, so that nobody without one makes the server buffer a file.
 * The connection of a refused request is closed, so the rest of its body is not read either.
 */
export function bodyGuard(db: Database, options: BodyGuardOptions): Plugin {
  const { maxBodyBytes } = options;
  const endpoint = options.graphqlEndpoint.replace(/\/$/, '');
  const tooLarge = () =>
    httpError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The request body is larger than ${maxBodyBytes} bytes (${mib(maxBodyBytes)}), the most this server accepts (MAX_BODY_BYTES).`,
      {
        headers: { connection: 'close' },
      },
    );
  const cutOff = new WeakSet<Request>();

  return {
    async onRequest({ request, setRequest, url, endResponse, fetchAPI }) {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBodyBytes) {
        endResponse(tooLarge());
        return;
      }
      const contentType = request.headers.get('content-type') ?? '';
      if (/^multipart\//i.test(contentType) && url.pathname.replace(/\/$/, '') === endpoint) {
        let refusal: string | null = null;
        try {
          if (!(await authenticate(db, request.headers.get('authorization')))) {
            refusal = 'Uploads need an API key with the write scope: send the header "Authorization: Bearer <API key>".';
          }
        } catch (error) {
          if (!(error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED')) throw error;
          refusal = error.message;
        }
        if (refusal) {
          endResponse(httpError(401, 'UNAUTHENTICATED', refusal, { headers: { connection: 'close', 'www-authenticate': 'Bearer' } }));
          return;
        }
      }
      if (declared === null && request.body) {
        const limited: Request = new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: limitedBody(request.body, maxBodyBytes, () => cutOff.add(limited)),
          signal: request.signal,
          duplex: 'half',
        } as RequestInit);
        setRequest(limited);
      }
    },
    onResponse({ request, setResponse }) {
      // Whoever was reading the body (GraphQL, a route) failed on it: say why.
      if (cutOff.has(request)) setResponse(tooLarge());
    },
  };
}
