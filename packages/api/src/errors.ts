import { GraphQLError } from 'graphql';

/** Codes of the expected, typed errors. Anything else is masked as an unexpected error. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INVALID_ID: 'INVALID_ID',
  PAGE_SIZE: 'PAGE_SIZE',
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  /** The caller's rate-limit budget lacks the operation's cost; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure, shown to the caller with its code and, where it applies, the field. */
export class UserError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: { field?: string; [key: string]: unknown } = {}) {
    // Keeps the name GraphQLError: servers recognise expected errors by it and do not mask them.
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (field: string, message: string) => new UserError(ErrorCode.BAD_USER_INPUT, message, { field });
