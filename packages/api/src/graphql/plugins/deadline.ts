import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/** How long an import may run over HTTP: it reads, checks and writes a whole file in one transaction. */
export const IMPORT_DEADLINE_MS = 10 * 60_000;

/** The reason a request's signal aborts when its deadline passes. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`The request passed its deadline of ${ms / 1000} s and was stopped.`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * One request's deadline: its signal aborts when the client goes away or the time is up. Plain SQL
 * checks the signal before each statement and PostgreSQL cancels the statement still running;
 * execution stops resolving further fields.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  readonly signal = this.controller.signal;

  constructor(clientSignal: AbortSignal | undefined, ms: number) {
    if (clientSignal?.aborted) this.controller.abort(clientSignal.reason);
    clientSignal?.addEventListener('abort', () => this.controller.abort(clientSignal.reason), { once: true });
    this.restart(ms);
  }

  /** Sets the deadline `ms` from now. */
  restart(ms: number) {
    clearTimeout(this.timer);
    if (this.signal.aborted) return;
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceeded(ms)), ms);
    this.timer.unref();
  }

  /** The request is answered: no deadline any more. */
  stop() {
    clearTimeout(this.timer);
  }
}

const isImport = (document: {
  definitions: readonly { kind: string; operation?: string; selectionSet?: { selections: readonly { kind: string; name?: { value: string } }[] } }[];
}) =>
  document.definitions.some((d) => d.operation === 'mutation' && d.selectionSet?.selections.some((s) => s.kind === 'Field' && s.name?.value === 'importFile'));

/** Gives execution the request's signal, lengthens the deadline for imports, and ends it with the answer. */
export function deadlinePlugin(): Plugin<Context & { deadline?: Deadline }> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      if (ctx.deadline && isImport(args.document)) ctx.deadline.restart(IMPORT_DEADLINE_MS);
      // The executor stops resolving fields once the signal aborts.
      (args as { signal?: AbortSignal }).signal = ctx.signal;
      return {
        onExecuteDone() {
          ctx.deadline?.stop();
        },
      };
    },
  };
}
