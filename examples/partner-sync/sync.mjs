/* global process, console, fetch, FormData, Blob, setTimeout */
// Partner sync in one file: import a CSV through `importFile`, then follow the change feed and print
// what changed. Plain Node (20 or newer), no dependencies.
//
//   node sync.mjs --key fc_… --source my-source [--api http://127.0.0.1:4000] [--follow]
//
// The feed position is stored in .cursor next to this file, so a restarted run resumes exactly where
// the last one stopped: no change is missed and none is applied twice.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { api: { type: 'string', default: 'http://127.0.0.1:4000' }, key: { type: 'string' }, source: { type: 'string' }, follow: { type: 'boolean' } },
});
const api = values.api.replace(/\/$/, '');
const { key, source } = values;
if (!key || !source) {
  console.error('Usage: node sync.mjs --key fc_… --source <your source key> [--api http://127.0.0.1:4000] [--follow]');
  process.exit(2);
}
const auth = { authorization: `Bearer ${key}` };

/** A failure worth one line: the script prints it and stops. */
class Stop extends Error {}

/** POSTs to the API; the answer's JSON, or a Stop naming what went wrong. */
async function post(init) {
  let response;
  try {
    response = await fetch(`${api}/graphql`, { method: 'POST', ...init, headers: { ...init.headers, ...auth } });
  } catch (error) {
    const code = error.cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      throw new Stop(
        `Nothing answers at ${api} (${code}): start the API with \`npx pnpm start\` in the repository (in another terminal), or pass --api <its URL>.`,
      );
    }
    throw new Stop(`The request to ${api}/graphql failed: ${error.cause?.message ?? error.message}`);
  }
  const result = await response.json().catch(() => null);
  // GraphQL errors come as { errors: [...] }; refusals before GraphQL (a bad key on an upload) as { error: {...} }.
  const message = result?.error?.message ?? result?.errors?.map((e) => e.message).join(' ');
  if (message) throw new Stop(message);
  if (!response.ok || !result?.data) throw new Stop(`${api}/graphql answered HTTP ${response.status}; is --api the Food Commons API?`);
  return result.data;
}

const graphql = (query, variables) => post({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });

const DELIMITERS = { ',': 'comma', ';': 'semicolon', tab: 'tab' };

/** Uploads a file as a GraphQL multipart request (the spec graphql-yoga implements). */
async function importFile(kind, file) {
  const query = `mutation($file: File!, $kind: ImportKind!, $source: String!) {
    importFile(kind: $kind, source: $source, file: $file) {
      committed rows created updated unchanged failed encoding delimiter notes
      previousImport { at rows }
      headerProblems { message }
      errors { row column value message }
    }
  }`;
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { kind, source, file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([fs.readFileSync(path.join(here, file))]), file);
  const r = (await post({ body: form })).importFile;
  if (r.previousImport && !r.committed) {
    // The commons recognises a file it has imported before (by its bytes) and leaves it alone.
    console.log(`${file}: already imported on ${r.previousImport.at.slice(0, 16).replace('T', ' ')} UTC (${r.previousImport.rows} rows); nothing to do`);
    return;
  }
  const read = `${r.encoding}, ${DELIMITERS[r.delimiter] ?? r.delimiter}-separated`;
  console.log(
    `${file}: ${r.committed ? 'imported' : 'NOT imported, nothing written'} (${read}) rows ${r.rows}, created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, bad ${r.failed}`,
  );
  for (const n of r.notes) console.log(`  note: ${n}`);
  for (const p of r.headerProblems) console.log(`  header: ${p.message}`);
  for (const e of r.errors) console.log(`  line ${e.row}${e.column ? `, ${e.column}` : ''}${e.value ? ` = "${e.value}"` : ''}: ${e.message}`);
}

const cursorFile = path.join(here, '.cursor');
const readCursor = () => (fs.existsSync(cursorFile) ? fs.readFileSync(cursorFile, 'utf8').trim() : null);

// The fields worth a glance, in this order, of whichever kind of record changed.
const SHOWN = ['name', 'kitchenExternalId', 'municipalityCode', 'category', 'quantity', 'unit', 'value', 'currency', 'supplierName'];

async function followChanges(follow) {
  const query = `query($after: String, $source: String) {
    changes(after: $after, first: 100, source: $source) {
      endCursor hasMore
      changes { position operation recordType externalId version at organization { name } data }
    }
  }`;
  for (;;) {
    const page = (await graphql(query, { after: readCursor(), source })).changes;
    for (const c of page.changes) {
      // A MERGE says which record the same farm or company lives on now; a PURGE, which personal data
      // to erase from your own copy (the commons has erased it everywhere, its history included).
      const what =
        c.operation === 'MERGE'
          ? `merged into ${c.data.survivorSource}/${c.data.survivorExternalId} (${c.data.mergedInto}): point your copy at it`
          : c.operation === 'PURGE'
            ? `erase ${c.data.erased.join(', ')} from your copy`
            : c.data
              ? SHOWN.filter((k) => c.data[k] != null && c.data[k] !== '')
                  .map((k) => `${k}=${JSON.stringify(c.data[k])}`)
                  .join(' ')
              : '';
      console.log(`#${c.position} ${c.operation.padEnd(6)} ${c.recordType} ${c.externalId} v${c.version} by ${c.organization?.name ?? 'operators'}  ${what}`);
    }
    // Store the position only after the page is handled: a crash in between replays, never skips.
    fs.writeFileSync(cursorFile, page.endCursor);
    if (!page.hasMore) {
      if (!follow) return;
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
}

try {
  // Checks the address and the key first: a refused upload may be cut off before its answer arrives.
  await graphql('{ __typename }').catch((error) => {
    throw error instanceof Stop && !error.message.startsWith('Nothing answers') ? new Stop(`${api} refused --key: ${error.message}`) : error;
  });
  await importFile('KITCHENS', 'kitchens.csv');
  await importFile('DELIVERIES', 'deliveries.csv');
  await followChanges(values.follow === true);
} catch (error) {
  if (!(error instanceof Stop)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
