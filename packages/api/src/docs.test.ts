// The documentation a newcomer follows, held to what the checkout has: README.md, docs/*.md and
// examples/*/README.md run commands as `npx pnpm …` (a bare `pnpm` does not exist where only Node.js
// and npm are installed), name scripts that exist, link only to files and headings in the repository,
// and the read-only commands they show run here.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const rel = (file: string) => path.relative(root, file);

const markdownFiles = [
  path.join(root, 'README.md'),
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(root, 'docs', f)),
  ...fs
    .readdirSync(path.join(root, 'examples'))
    .map((d) => path.join(root, 'examples', d, 'README.md'))
    .filter((f) => fs.existsSync(f)),
].sort();

interface Doc {
  file: string;
  text: string;
  /** Shell blocks (sh, bash, shell, console), with the line each starts on. */
  shell: { line: number; code: string }[];
  /** The text outside fenced blocks (where links and inline code are read). */
  prose: string;
}

const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

function readDoc(file: string): Doc {
  const text = fs.readFileSync(file, 'utf8');
  const shell: Doc['shell'] = [];
  const prose: string[] = [];
  let fence: { lang: string; line: number; lines: string[]; marker: string } | null = null;
  text.split('\n').forEach((line, i) => {
    const open = /^\s*(```+|~~~+)\s*([\w-]*)/.exec(line);
    if (fence) {
      if (open && open[1]!.startsWith(fence.marker) && !open[2]) {
        if (SHELL.has(fence.lang)) shell.push({ line: fence.line, code: fence.lines.join('\n') });
        fence = null;
      } else fence.lines.push(line);
      prose.push('');
    } else if (open) {
      fence = { lang: open[2]!.toLowerCase(), line: i + 1, lines: [], marker: open[1]! };
      prose.push('');
    } else prose.push(line);
  });
  // HTML comments are not shown to readers (import-formats.md's generated-table markers).
  return { file, text, shell, prose: prose.join('\n').replace(/<!--[\s\S]*?-->/g, '') };
}

const docs = markdownFiles.map(readDoc);

/** The commands of a shell block: continuation lines joined, comments and prompts dropped, split at && || ; |. */
function commands(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*\$\s+/, '')
        .replace(/(^|\s)#.*$/, '')
        .trim(),
    )
    .filter(Boolean)
    .flatMap((l) => l.split(/\s*(?:&&|\|\||;|\|)\s*/))
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Shell-like words of one command (quotes removed), without leading VAR=value assignments and sudo. */
function words(command: string): string[] {
  const out = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  while (out.length && (/^[A-Z_][A-Z0-9_]*=/.test(out[0]!) || out[0] === 'sudo')) out.shift();
  return out;
}

const inlineCode = (prose: string) => [...prose.matchAll(/(`+)([^`]+?)\1/g)].map((m) => m[2]!.trim());

const packageJson = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string> };
const workspacePackages = ['packages', 'examples']
  .flatMap((d) => fs.readdirSync(path.join(root, d)).map((p) => path.join(root, d, p)))
  .concat(path.join(root, 'bench'))
  .filter((d) => fs.existsSync(path.join(d, 'package.json')));
const packageDirByName = new Map(workspacePackages.map((d) => [packageJson(d).name, d]));

/** pnpm's own commands, which name no script. */
const PNPM_COMMANDS = new Set([
  'install',
  'i',
  'add',
  'remove',
  'update',
  'exec',
  'dlx',
  'why',
  'help',
  'list',
  'ls',
  'outdated',
  'audit',
  'store',
  'deploy',
  'rebuild',
  'approve-builds',
  'dedupe',
  'prune',
  'licenses',
  'pack',
  'publish',
]);

/**
 * What an `npx pnpm …` command runs: the package folder (root, `--filter <name>` or `-C <dir>`) and
 * the script, or null for pnpm's own commands and `--help`/`--version`.
 */
function pnpmTarget(w: string[]): { dir: string; script: string } | { error: string } | null {
  let dir = root;
  let i = 0;
  for (; i < w.length; i++) {
    const a = w[i]!;
    if (a === '--filter' || a === '-F' || a === '-C' || a === '--dir') {
      const value = w[++i];
      if (value === undefined) return { error: `${a} without a value` };
      if (a === '-C' || a === '--dir') dir = path.resolve(root, value);
      else {
        const found = packageDirByName.get(value);
        if (!found) return { error: `--filter ${value} names no workspace package` };
        dir = found;
      }
    } else if (a.startsWith('--filter=')) {
      const found = packageDirByName.get(a.slice('--filter='.length));
      if (!found) return { error: `${a} names no workspace package` };
      dir = found;
    } else if (a.startsWith('-')) {
      if (a === '--help' || a === '-h' || a === '--version' || a === '-v') return null;
    } else break;
  }
  const command = w[i];
  if (command === undefined || PNPM_COMMANDS.has(command)) return null;
  const script = command === 'run' ? w[i + 1] : command;
  if (script === undefined) return { error: '`run` without a script' };
  // A placeholder in prose (`npx pnpm …`, `npx pnpm <script>`), not a command.
  if (script.includes('…') || script.startsWith('<')) return null;
  if (!fs.existsSync(path.join(dir, 'package.json'))) return { error: `${rel(dir)} has no package.json` };
  return { dir, script };
}

/** The words after `npx` (and its options) when they run pnpm, else null. */
function afterNpxPnpm(w: string[]): string[] | null {
  if (w[0] !== 'npx') return null;
  let i = 1;
  while (w[i]?.startsWith('-')) i++;
  return w[i] === 'pnpm' || w[i]?.startsWith('pnpm@') ? w.slice(i + 1) : null;
}

describe('documentation', () => {
  it('covers the README, the docs and the examples', () => {
    expect(markdownFiles.map(rel)).toEqual(expect.arrayContaining(['README.md', 'docs/development.md', 'docs/limits.md', 'examples/researcher/README.md']));
    expect(docs.flatMap((d) => d.shell).length).toBeGreaterThan(10);
  });

  it('keeps the quickstart commands exactly as fresh machines check them', () => {
    const readme = docs.find((d) => rel(d.file) === 'README.md')!;
    const blocks = readme.shell.map((b) => b.code.trim());
    expect(blocks).toContain('npx --yes pnpm@12.21.0 install && npx pnpm start');
    expect(blocks).toContain('npx --yes pnpm@12.21.0 install && npx pnpm test');
  });

  it('runs pnpm as `npx pnpm`, never bare, in shell blocks and in inline commands', () => {
    const bare: string[] = [];
    for (const d of docs) {
      for (const block of d.shell) {
        for (const c of commands(block.code)) if (words(c)[0] === 'pnpm') bare.push(`${rel(d.file)}:${block.line} (block): ${c}`);
      }
      for (const code of inlineCode(d.prose)) if (/^pnpm\s/.test(code)) bare.push(`${rel(d.file)}: \`${code}\``);
    }
    expect(bare, 'write these as `npx pnpm …`').toEqual([]);
  });

  it('names only scripts that exist in the package the command runs in', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const d of docs) {
      const found = [...d.shell.flatMap((b) => commands(b.code)), ...inlineCode(d.prose).filter((c) => c.startsWith('npx pnpm '))];
      for (const c of found) {
        const rest = afterNpxPnpm(words(c));
        if (!rest) continue;
        const target = pnpmTarget(rest);
        if (target === null) continue;
        if ('error' in target) {
          missing.push(`${rel(d.file)}: ${c}: ${target.error}`);
          continue;
        }
        checked++;
        const { name, scripts = {} } = packageJson(target.dir);
        if (!(target.script in scripts)) missing.push(`${rel(d.file)}: ${c}: ${name} has no script "${target.script}"`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('links only to files and headings that exist in the repository', () => {
    const slugs = new Map<string, Set<string>>();
    const headingsOf = (file: string) => {
      let set = slugs.get(file);
      if (!set) {
        set = new Set();
        const seen = new Map<string, number>();
        for (const m of readDoc(file).prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
          const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
          const base = text
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, '')
            .trim()
            .replace(/\s/g, '-');
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          set.add(n ? `${base}-${n}` : base);
        }
        slugs.set(file, set);
      }
      return set;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const d of docs) {
      const prose = d.prose.replace(/(`+)[^`]+?\1/g, '');
      for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        const target = m[1]!;
        if (/^(https?|mailto):/i.test(target)) continue;
        checked++;
        const [pathPart, anchor] = target.split('#') as [string, string | undefined];
        const file = pathPart ? path.resolve(path.dirname(d.file), decodeURIComponent(pathPart)) : d.file;
        if (path.relative(root, file).startsWith('..')) {
          broken.push(`${rel(d.file)}: ${target} points outside the repository`);
          continue;
        }
        if (!fs.existsSync(file)) {
          broken.push(`${rel(d.file)}: ${target}: no such file`);
          continue;
        }
        if (anchor && file.endsWith('.md') && !headingsOf(file).has(anchor)) broken.push(`${rel(d.file)}: ${target}: no such heading in ${rel(file)}`);
      }
      if (d.text.includes('../shared')) broken.push(`${rel(d.file)} mentions ../shared, which is outside the repository`);
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('runs the read-only commands it shows: --help forms, and schema:print as its check', { timeout: 900_000 }, async () => {
    const safe = new Set<string>();
    for (const d of docs) {
      for (const c of d.shell.flatMap((b) => commands(b.code))) {
        const w = words(c);
        const rest = afterNpxPnpm(w);
        if (!rest) continue;
        if (w.at(-1) === '--help') safe.add(w.join(' '));
        // schema:print writes packages/api/schema.graphql, which other tests read meanwhile: its
        // --check form runs the same code and compares instead of writing.
        if (rest.join(' ') === 'schema:print') safe.add('npx pnpm --filter @food-commons/api schema:check');
      }
    }
    expect([...safe]).toEqual(expect.arrayContaining(['npx pnpm fc --help', 'npx pnpm --filter @food-commons/api schema:check']));
    // All at once: each mostly waits for its process to start.
    const results = await Promise.all(
      [...safe].map((command) => {
        const [file, ...args] = command.split(' ');
        // A generous bound that only catches a hang: a busy machine must not fail this.
        return new Promise<{ command: string; code: number; stdout: string; stderr: string }>((resolve) => {
          execFile(file!, args, { cwd: root, timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0' } }, (error, stdout, stderr) =>
            resolve({ command, code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
          );
        });
      }),
    );
    for (const result of results) {
      expect(result, result.command).toMatchObject({ code: 0 });
      expect(result.stdout.trim().length, `${result.command} printed nothing`).toBeGreaterThan(0);
    }
  });
});
