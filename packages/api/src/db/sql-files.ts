import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config.js';
import type { SqlSession } from './database.js';

/**
 * The database's own logic (functions and triggers) is written in prisma/sql/*.sql, one file per
 * concern, each statement idempotent (CREATE OR REPLACE). Migrations are the history that brought
 * databases there; the files say what the logic is now. `pnpm db:migrate:create` copies the files
 * that differ from what the migrations define into the new migration, and a test holds a migrated
 * database to the files.
 *
 * Both comparisons read the definitions back from PostgreSQL (pg_get_functiondef,
 * pg_get_triggerdef) rather than comparing SQL text, so a file and a migration agree exactly when
 * they leave the same function or trigger behind.
 */
export const sqlFilesDir = path.join(repoRoot, 'prisma', 'sql');

export interface SqlFile {
  /** The file's name, e.g. "delivery-rollup.sql". */
  name: string;
  sql: string;
}

/** The SQL files in name order, the order they are applied in. */
export function readSqlFiles(dir = sqlFilesDir): SqlFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** A function or trigger as the database holds it. */
export interface Definition {
  /** "function fc_supplier_key(integer,integer,text)" or "trigger delivery_rollup_insert on delivery". */
  key: string;
  kind: 'function' | 'trigger';
  /** What PostgreSQL prints for it: the whole CREATE statement, its enabled state and comment. */
  definition: string;
  /** The statement that removes it. */
  drop: string;
  /** For functions, what CREATE OR REPLACE cannot change in place: result type and argument names. */
  header?: string;
}

/** A SQL file (or migration) failed to run, or the files do not describe one consistent state. */
export class SqlFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlFileError';
  }
}

// The project's objects: functions and procedures in the public schema that no extension owns, and
// the triggers that users created (not the internal ones behind foreign keys) on its tables.
const FUNCTIONS = `
  SELECT 'function ' || p.oid::regprocedure::text AS key,
         pg_get_functiondef(p.oid) || coalesce(E'\\n-- comment: ' || obj_description(p.oid, 'pg_proc'), '') AS definition,
         'DROP ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' IF EXISTS ' || p.oid::regprocedure::text || ';' AS drop,
         pg_get_function_result(p.oid) || ' (' || pg_get_function_arguments(p.oid) || ')' AS header
    FROM pg_proc p
   WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
   ORDER BY 1`;
const TRIGGERS = `
  SELECT format('trigger %s on %s', t.tgname, t.tgrelid::regclass) AS key,
         pg_get_triggerdef(t.oid)
           || CASE t.tgenabled WHEN 'O' THEN '' ELSE E'\\n-- enabled: ' || t.tgenabled::text END
           || coalesce(E'\\n-- comment: ' || obj_description(t.oid, 'pg_trigger'), '') AS definition,
         format('DROP TRIGGER IF EXISTS %I ON %s;', t.tgname, t.tgrelid::regclass) AS drop
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
   ORDER BY 1`;

/** The project's functions and triggers in the database, by key. */
export async function readDefinitions(session: SqlSession): Promise<Map<string, Definition>> {
  const functions = await session.query<{ key: string; definition: string; drop: string; header: string }>(FUNCTIONS);
  const triggers = await session.query<{ key: string; definition: string; drop: string }>(TRIGGERS);
  return new Map<string, Definition>([
    ...functions.map((f) => [f.key, { ...f, kind: 'function' as const }] as const),
    ...triggers.map((t) => [t.key, { ...t, kind: 'trigger' as const }] as const),
  ]);
}

/** Definition text by key, for comparisons and test diffs. */
export function definitionTexts(definitions: Map<string, Definition>): Record<string, string> {
  return Object.fromEntries([...definitions.values()].map((d) => [d.key, d.definition]));
}

async function inRolledBackTransaction<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    return await fn();
  } finally {
    await session.exec('ROLLBACK');
  }
}

async function applyFile(session: SqlSession, file: SqlFile): Promise<void> {
  try {
    await session.exec(file.sql);
  } catch (error) {
    throw new SqlFileError(`prisma/sql/${file.name} failed: ${(error as Error).message}`);
  }
}

export interface SqlFilesComparison {
  /** What the database holds. */
  database: Map<string, Definition>;
  /** What the files define, on the same tables. */
  files: Map<string, Definition>;
  /** The file that defines each key of `files`. */
  fileOf: Map<string, string>;
  /** Keys whose definitions differ: in one of the two only, or different in both. */
  differences: string[];
}

/**
 * Compares the functions and triggers in the database (one session, so that it can use a
 * transaction) with those the files define: inside a transaction that is rolled back, drops the
 * project's functions and triggers, applies the files one by one (noting which file defines what)
 * and reads the definitions back.
 */
export async function compareWithSqlFiles(session: SqlSession, files: SqlFile[]): Promise<SqlFilesComparison> {
  const database = await readDefinitions(session);
  const fileOf = new Map<string, string>();
  const defined = await inRolledBackTransaction(session, async () => {
    const ordered = [...database.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'trigger' ? -1 : 1));
    try {
      for (const definition of ordered) await session.exec(definition.drop);
    } catch (error) {
      throw new SqlFileError(`Could not set the database's functions and triggers aside to compare them with prisma/sql: ${(error as Error).message}`);
    }
    let before = new Map<string, Definition>();
    for (const file of files) {
      await applyFile(session, file);
      const after = await readDefinitions(session);
      for (const [key, definition] of after) {
        if (before.get(key)?.definition === definition.definition) continue;
        const earlier = fileOf.get(key);
        if (earlier) throw new SqlFileError(`${key} is defined in both prisma/sql/${earlier} and prisma/sql/${file.name}; keep it in one file.`);
        fileOf.set(key, file.name);
      }
      for (const key of before.keys()) {
        if (!after.has(key)) throw new SqlFileError(`prisma/sql/${file.name} drops ${key}, which prisma/sql/${fileOf.get(key)} defines.`);
      }
      before = after;
    }
    return before;
  });
  const keys = [...new Set([...database.keys(), ...defined.keys()])].sort();
  const differences = keys.filter((key) => database.get(key)?.definition !== defined.get(key)?.definition);
  return { database, files: defined, fileOf, differences };
}

export interface SqlFilesMigration {
  /** The statements to append to a migration; empty when the database matches the files. */
  sql: string;
  /** The files whose statements it holds. */
  files: string[];
  /** The functions and triggers it drops because no file defines them any more. */
  dropped: string[];
}

/**
 * The statements that take the database (in one session) to the functions and triggers of the
 * files: the whole text of each file that defines something the database lacks or holds otherwise,
 * preceded by drops of what no file defines any more (and of functions whose result type or
 * argument names changed, which CREATE OR REPLACE cannot do). Checked before it is returned: applied
 * to the database in a transaction that is rolled back, it must leave exactly the files' definitions.
 */
export async function migrationForSqlFiles(session: SqlSession, files: SqlFile[]): Promise<SqlFilesMigration> {
  const { database, files: defined, fileOf, differences } = await compareWithSqlFiles(session, files);
  if (differences.length === 0) return { sql: '', files: [], dropped: [] };
  const changedFiles = files.filter((file) => differences.some((key) => fileOf.get(key) === file.name));
  const gone = differences.filter((key) => !defined.has(key)).map((key) => database.get(key)!);
  const reshaped = differences
    .map((key) => [database.get(key), defined.get(key)] as const)
    .filter(([now, next]) => now?.kind === 'function' && next && now.header !== next.header)
    .map(([now]) => now!);
  const drops = [...gone, ...reshaped].sort((a, b) => (a.kind === b.kind ? a.key.localeCompare(b.key) : a.kind === 'trigger' ? -1 : 1));
  const parts = ['-- Functions and triggers from prisma/sql/ (written by pnpm db:migrate:create).'];
  if (drops.length > 0) parts.push(drops.map((d) => d.drop).join('\n'));
  for (const file of changedFiles) parts.push(`-- prisma/sql/${file.name}\n${file.sql.trimEnd()}`);
  const sql = `${parts.join('\n\n')}\n`;

  const result = await inRolledBackTransaction(session, async () => {
    try {
      await session.exec(sql);
    } catch (error) {
      throw new SqlFileError(`The statements for prisma/sql (${changedFiles.map((f) => f.name).join(', ')}) failed: ${(error as Error).message}`);
    }
    return readDefinitions(session);
  });
  const keys = [...new Set([...result.keys(), ...defined.keys()])];
  const wrong = keys.filter((key) => result.get(key)?.definition !== defined.get(key)?.definition);
  if (wrong.length > 0) {
    throw new SqlFileError(
      `Applying the changed prisma/sql files does not leave what the files define: ${wrong.join(', ')}. Write that part of the migration by hand.`,
    );
  }
  return { sql, files: changedFiles.map((f) => f.name), dropped: gone.map((d) => d.key) };
}
