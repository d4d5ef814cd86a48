// Writes the import formats' Table Schemas to packages/api/schemas/<kind>.json and the column tables of
// docs/import-formats.md, from the definitions the CSV import checks against; with --check, fails when
// a committed file is stale (or a schema file has no kind any more).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IMPORT_KINDS } from '../src/imports/columns.js';
import { importSchemaJson, withColumnTables } from '../src/imports/table-schema.js';

const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));
const docsFile = fileURLToPath(new URL('../../../docs/import-formats.md', import.meta.url));
const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

const wanted = new Map<string, string>(IMPORT_KINDS.map((kind) => [`${schemasDir}${kind}.json`, importSchemaJson(kind)]));
wanted.set(docsFile, withColumnTables(read(docsFile)));
const extra = fs.existsSync(schemasDir)
  ? fs
      .readdirSync(schemasDir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => `${schemasDir}${name}`)
      .filter((file) => !wanted.has(file))
  : [];

if (process.argv.includes('--check')) {
  const stale = [...wanted].filter(([file, text]) => read(file) !== text).map(([file]) => file);
  if (stale.length || extra.length) {
    for (const file of stale) console.error(`${file} is out of date.`);
    for (const file of extra) console.error(`${file} is no import kind's schema.`);
    console.error('Run `pnpm schemas:print` and commit the result.');
    process.exit(1);
  }
  console.log('Import schemas and docs/import-formats.md are up to date.');
} else {
  fs.mkdirSync(schemasDir, { recursive: true });
  for (const [file, text] of wanted) {
    if (read(file) !== text) {
      fs.writeFileSync(file, text);
      console.log(`Wrote ${file}`);
    }
  }
  for (const file of extra) {
    fs.rmSync(file);
    console.log(`Removed ${file}`);
  }
}
