import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateManifest, manifestFile } from './manifest.js';

it('custom-elements.json is what the elements’ JSDoc generates (run `pnpm --filter @food-commons/widgets manifest` after changing an element)', () => {
  const committed = readFileSync(manifestFile, 'utf8');
  const generated = generateManifest();
  // Compare parsed first, so a failure shows which tag or member differs.
  expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
  expect(committed).toBe(generated);
}, 60_000);
