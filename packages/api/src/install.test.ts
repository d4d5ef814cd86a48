// The install is quiet on every Node.js version the project supports: no package that pnpm installs
// there declares an `engines.node` range that version is outside of (pnpm would warn "Unsupported
// engine"). Packages that only optional dependencies bring in are left out by pnpm when their engines
// do not match, silently, and their users say so (bench: PostGraphile; widgets: the analyze mode).
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const lock = parse(fs.readFileSync(path.join(root, 'pnpm-lock.yaml'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } }>;
  snapshots: Record<string, { optional?: boolean }>;
};
const supported = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/** The lowest version of each part of the supported range (`^20.19.0 || >=22.13.0` → 20.19.0, 22.13.0). */
const lowest = new semver.Range(supported).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map((c) => c.value).join(' ')))!.version);

/** `name@version(peer…)` → `name@version`. */
const packageKey = (snapshot: string) => snapshot.replace(/\(.*$/, '');

describe('install', () => {
  it('supports the Node.js versions every workspace package declares', () => {
    expect(lowest).toEqual(['20.19.0', '22.13.0']);
    const manifests = [
      'package.json',
      'packages/api/package.json',
      'packages/client/package.json',
      'packages/widgets/package.json',
      'examples/researcher/package.json',
    ];
    for (const file of manifests) {
      expect((JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { engines?: { node?: string } }).engines?.node, file).toBe(supported);
    }
  });

  it.each(lowest)('installs no package that declares it does not support Node.js %s', (version) => {
    const unsupported: string[] = [];
    let checked = 0;
    for (const [snapshot, { optional }] of Object.entries(lock.snapshots)) {
      const range = lock.packages[packageKey(snapshot)]?.engines?.node;
      if (!range || optional) continue;
      checked++;
      if (!semver.satisfies(version, range)) unsupported.push(`${packageKey(snapshot)} wants node ${range}`);
    }
    expect(unsupported, 'pin a release that supports it in pnpm-workspace.yaml (overrides), or make what brings it in optional').toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('brings in PostGraphile and rollup-plugin-visualizer (Node 22 only) as optional dependencies alone', () => {
    const optionalOnly = Object.entries(lock.snapshots)
      .filter(([, s]) => s.optional)
      .map(([snapshot]) => packageKey(snapshot).replace(/@[^@]+$/, ''));
    expect(optionalOnly).toEqual(expect.arrayContaining(['postgraphile', 'rollup-plugin-visualizer']));
  });
});
