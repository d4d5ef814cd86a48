import type { ImportPhase } from '../imports/import.js';

/** What `fc import` shows on stderr while it works (stdout is kept for the report). */

/** A progress bar on stderr (only when it is a terminal; otherwise a line every 10 %). */
export function progressBar(total: number) {
  let last = -1;
  let shownRows = -1;
  const started = Date.now();
  const show = (share: number, rows: number) => {
    const percent = Math.floor(share * 100);
    const rate = Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
    shownRows = rows;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)} %  ${rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s`,
      );
    } else {
      process.stderr.write(`${percent} %  ${rows.toLocaleString('en')} rows\n`);
    }
  };
  return {
    update(done: number, rows: number) {
      const share = total ? Math.min(1, done / total) : 0;
      const percent = Math.floor(share * 100);
      if (percent === last) return;
      last = percent;
      if (process.stderr.isTTY || percent % 10 === 0) show(share, rows);
    },
    /** Every row read: the bar at 100 % with the final count, once, and the line ended. */
    finish(rows: number) {
      if (shownRows !== rows || last !== 100) show(1, rows);
      last = 100;
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}

const PHASE_TEXT: Record<ImportPhase, (rows: string, dryRun: boolean) => string> = {
  checking: (rows) => `checking duplicates and overlaps across ${rows} rows`,
  writing: (rows, dryRun) => `writing ${rows} good rows${dryRun ? ' (a dry run: rolled back at the end)' : ''}`,
  committing: (rows) => `logging ${rows} changes and committing`,
};

/** After the bar: one line a phase on stderr, each ended with the seconds it took. */
export function phaseLog(bar: ReturnType<typeof progressBar>, dryRun: boolean) {
  let open: { text: string; started: number } | null = null;
  let barDone = false;
  const endBar = (rows: number) => {
    if (!barDone) bar.finish(rows);
    barDone = true;
  };
  const close = () => {
    if (open) process.stderr.write(` ${((Date.now() - open.started) / 1000).toFixed(1)} s\n`);
    open = null;
  };
  return {
    next(phase: ImportPhase, phaseRows: number, rowsRead: number) {
      endBar(rowsRead);
      close();
      open = { text: PHASE_TEXT[phase](phaseRows.toLocaleString('en'), dryRun), started: Date.now() };
      process.stderr.write(`${open.text}…`);
    },
    end(rows: number) {
      endBar(rows);
      close();
    },
  };
}

/** One line on stderr for a step that runs elsewhere (an upload to the server), ended with its seconds. */
export function stepLog(text: string) {
  const started = Date.now();
  process.stderr.write(`${text}…`);
  return {
    end() {
      process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
