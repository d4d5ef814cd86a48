import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/**
 * Paths pino replaces with `[redacted]` should a caller ever pass them. The request log writes none
 * of them (it never writes headers, variables or keys); this is the second line of defence.
 */
const REDACT = [
  'authorization',
  '*.authorization',
  'headers',
  '*.headers',
  'variables',
  '*.variables',
  'secret',
  '*.secret',
  'key',
  '*.key',
  'password',
  '*.password',
  'url',
  '*.url',
];

/**
 * The server's logger: one JSON object per line on stdout (or `destination`), at `level` (LOG_LEVEL).
 * Lines carry `msg`, `time` (epoch ms), `level` (as a name) and the fields of the event; never
 * personal data, API keys, signing secrets or query variables.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'food-commons-api' },
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    destination,
  );
}

/** A logger that writes nothing (tests, `LOG_LEVEL=silent`). */
export const silentLogger: Logger = createLogger('silent');
