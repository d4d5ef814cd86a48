import { Writable } from 'node:stream';
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

/**
 * Lines for a person at a terminal (LOG_FORMAT=pretty, or auto on a terminal): the time, the level
 * when it is not info, the message, then the event's fields as `name: value`. The same events as the
 * JSON lines, with the same fields left out.
 */
export function prettyDestination(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        out.write(`${prettyLine(line)}\n`);
      }
      done();
    },
  }) as unknown as DestinationStream;
}

function prettyLine(line: string): string {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, time, msg, service: _service, ...fields } = event;
  const clock = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '';
  const head = [clock, level && level !== 'info' ? String(level).toUpperCase() : null, msg].filter(Boolean).join(' ');
  const rest = Object.entries(fields).map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [head, ...rest].join('\n');
}
