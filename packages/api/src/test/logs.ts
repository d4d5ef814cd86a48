import type { LogLevel } from '../config.js';
import { type Logger, createLogger } from '../observability/log.js';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written, parsed. */
  lines: Record<string, unknown>[];
  /** The `msg` of each line, in order. */
  messages(): string[];
  /** The lines as written (JSON, one a line). */
  text(): string;
}

/** A logger whose lines are kept in memory, as the server would write them. */
export function captureLogs(level: LogLevel = 'debug'): CapturedLogs {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, {
    write(chunk: string) {
      raw.push(chunk.trimEnd());
      lines.push(JSON.parse(chunk) as Record<string, unknown>);
    },
  });
  return { logger, lines, messages: () => lines.map((l) => String(l.msg)), text: () => raw.join('\n') };
}
