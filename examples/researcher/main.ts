// Writes organic and local shares by municipality and year to CSV through the typed client.
//   pnpm --filter @food-commons/example-researcher shares -- --api http://localhost:4000/graphql \
//     --municipality NO-3901,SE-0181 --local WITHIN_KM:50 --out shares.csv
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { type LocalDefinition, createClient } from '@food-commons/client';
import { sharesCsv } from './shares.js';

// `pnpm <script> -- --flag` passes the `--` through.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    api: { type: 'string', default: 'http://localhost:4000/graphql' },
    municipality: { type: 'string', default: '' },
    local: { type: 'string', default: 'SAME_MUNICIPALITY' },
    currency: { type: 'string' },
    key: { type: 'string' },
    out: { type: 'string', default: 'shares.csv' },
  },
});

const [definition, km] = values.local.split(':') as [LocalDefinition, string | undefined];
const client = createClient({ url: values.api, ...(values.key ? { apiKey: values.key } : {}) });
const csv = await sharesCsv(client, {
  municipalities: values.municipality ? values.municipality.split(',') : [],
  local: km ? { definition, km: Number(km) } : { definition },
  ...(values.currency ? { currency: values.currency as 'EUR' } : {}),
});
fs.writeFileSync(values.out, csv);
console.log(`Wrote ${csv.trimEnd().split('\r\n').length - 1} rows to ${values.out}`);
