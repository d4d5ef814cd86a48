/**
 * The one error format of the plain HTTP routes (/export, /geo, /dfc, /widgets, /embed, /healthz, …):
 * `{ "error": { "code": "...", "message": "...", "field"?: "..." } }`. Never a stack trace or a path.
 */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

export function httpError(
  status: number,
  code: HttpErrorCode,
  message: string,
  options: { field?: string; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message, ...(options.field ? { field: options.field } : {}) } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...options.headers },
  });
}
