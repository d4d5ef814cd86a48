import { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { addVary } from './cors.js';

/** Encodings this server sends, in order of preference. */
export type Encoding = 'br' | 'gzip';

/** Bodies smaller than this are sent as they are: compressing them saves less than the headers cost. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^(text\/(html|csv|plain|css|javascript)|application\/(json|ld\+json|geo\+json|graphql-response\+json|javascript|manifest\+json))\b/i;

/** Whether a response of this content type is worth compressing (text formats; never event streams). */
export const compressible = (contentType: string | null) => !!contentType && COMPRESSIBLE.test(contentType.trim());

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli, else gzip, by the client's
 * q-values (`q=0` refuses one; `*` stands for any not named), or null for none.
 */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (e: Encoding) => q.get(e) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
  return best[0] ?? null;
}

/** Brotli's settings for text at a quality, with the body's size when it is known. */
const brotliParams = (quality: number, size?: number) => ({
  [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  ...(size === undefined ? {} : { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size }),
});

/**
 * A compressor for one response. Brotli at quality 5 and gzip at level 6 are fast enough for answers
 * compressed on the fly (brotli's default, 11, takes seconds on GraphiQL's 9 MB); static bodies are
 * compressed harder once, see `compressStatic`.
 */
function compressor(encoding: Encoding): zlib.BrotliCompress | zlib.Gzip {
  // Each chunk written is flushed out, so a streamed export reaches the client batch by batch.
  return encoding === 'br'
    ? zlib.createBrotliCompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, params: brotliParams(5) })
    : zlib.createGzip({ level: 6, flush: zlib.constants.Z_SYNC_FLUSH });
}

/** Bodies up to this size are read whole and compressed in one call; longer ones are compressed as they stream. */
const WHOLE_BODY_BYTES = 256 * 1024;

/** Compresses a body held in memory with the settings of `compressor` (at most `WHOLE_BODY_BYTES`: a few milliseconds). */
function compressWhole(bytes: Uint8Array, encoding: Encoding): Uint8Array<ArrayBuffer> {
  const out = encoding === 'br' ? zlib.brotliCompressSync(bytes, { params: brotliParams(5, bytes.byteLength) }) : zlib.gzipSync(bytes, { level: 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}

/** Compresses a stream as it flows: memory stays flat for a CSV export of any size; source errors propagate. */
export function compressStream(body: ReadableStream<Uint8Array>, encoding: Encoding): ReadableStream<Uint8Array> {
  const { readable, writable } = Duplex.toWeb(compressor(encoding)) as { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };
  return body.pipeThrough({ readable, writable });
}

/** Compresses a body that never changes (GraphiQL's page) once per encoding, at the highest settings. */
export async function compressStatic(bytes: Uint8Array, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  const out =
    encoding === 'br'
      ? await new Promise<Buffer>((resolve, reject) =>
          zlib.brotliCompress(bytes, { params: brotliParams(9, bytes.length) }, (error, result) => (error ? reject(error) : resolve(result))),
        )
      : await new Promise<Buffer>((resolve, reject) => zlib.gzip(bytes, { level: 9 }, (error, result) => (error ? reject(error) : resolve(result))));
  return new Uint8Array(out);
}

/**
 * Reads a body until it is known to be at least `MIN_COMPRESS_BYTES` long. Returns the bytes read and,
 * if the body goes on, a stream of the whole body (the bytes read first, then the rest).
 */
async function peek(
  body: ReadableStream<Uint8Array>,
  limit = MIN_COMPRESS_BYTES,
): Promise<{ head: Uint8Array[]; size: number; rest: ReadableStream<Uint8Array> | null }> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) return { head, size, rest: null };
    head.push(value);
    size += value.byteLength;
  }
  const queued = [...head];
  const rest = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = queued.shift();
        if (next) return controller.enqueue(next);
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { head, size, rest };
}

const concat = (chunks: Uint8Array[], size: number) => {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
};

/**
 * The response with its headers changed by `edit`: the same object when its headers may be changed
 * (a response built here or by yoga), so that its body is sent as it was made — a whole string, not a
 * stream; else a copy with the same body.
 */
export function editHeaders(response: Response, edit: (headers: Headers) => void): Response {
  try {
    edit(response.headers);
    return response;
  } catch {
    const copy = withBody(response, response.body);
    edit(copy.headers);
    return copy;
  }
}

/** Copies a response with another body (headers kept, so callers can change them on the copy). */
export const withBody = (response: Response, body: BodyInit | null, headers = new Headers(response.headers)) =>
  new Response(body, { status: response.status, statusText: response.statusText, headers });

/**
 * Compresses a response for a request when its type is text, it is not already encoded, and it is at
 * least `MIN_COMPRESS_BYTES` long. A body that ends within `WHOLE_BODY_BYTES` is compressed in one
 * call; a longer one is compressed as it streams (read ahead only that far).
 * CSV is compressed without reading ahead: exports stream from the database batch by batch, and the
 * status line goes out before the first batch is read. Adds `Vary: Accept-Encoding` to every
 * compressible answer, compressed or not.
 */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
  if (!response.body || request.method === 'HEAD' || response.status === 204 || response.status === 206) return response;
  if (!compressible(response.headers.get('content-type')) || response.headers.has('content-encoding')) return response;
  const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
  if (!encoding) return editHeaders(response, (headers) => addVary(headers, 'Accept-Encoding'));
  const headers = new Headers(response.headers);
  addVary(headers, 'Accept-Encoding');
  if (/^text\/csv/i.test(response.headers.get('content-type')!)) {
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    return withBody(response, compressStream(response.body, encoding), headers);
  }
  const { head, size, rest } = await peek(response.body, WHOLE_BODY_BYTES);
  if (!rest && size < MIN_COMPRESS_BYTES) return withBody(response, concat(head, size), headers);
  headers.set('content-encoding', encoding);
  if (!rest) {
    // The whole body is here (a GraphQL answer): compressed in one call, about a sixth of the
    // processor time of a compression stream for a 20 kB answer.
    const compressed = compressWhole(concat(head, size), encoding);
    headers.set('content-length', String(compressed.byteLength));
    return withBody(response, compressed, headers);
  }
  headers.delete('content-length');
  return withBody(response, compressStream(rest, encoding), headers);
}
