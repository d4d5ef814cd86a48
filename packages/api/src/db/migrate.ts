import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../config.js';
import { type Database, type SqlSession, openPglite } from './database.js';
import { type SqlFilesMigration, SqlFileError, migrationForSqlFiles, readSqlFiles, sqlFilesDir } from './sql-files.js';

export const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');
export const schemaPath = path.join(repoRoot, 'prisma', 'schema.prisma');

export interface Migration {
  name: string;
  sql: string;
  /** SHA-256 of the script, as Prisma records it. */
  checksum: string;
}

/** The committed migrations in order. */
export function readMigrations(dir = migrationsDir): Migration[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// The same table `prisma migrate deploy` keeps, so the native CLI stays interchangeable.
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** A migration history that does not match the committed migrations. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

// Any fixed number: every process that migrates the same PostgreSQL database waits on it.
const ADVISORY_LOCK_KEY = 4_711_004_711;

async function applyWith(session: SqlSession, migrations: Migration[]): Promise<string[]> {
  await session.exec(HISTORY_TABLE);
  const rows = await session.query<{ migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown }>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  const applied = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
  for (const row of applied.values()) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but did not finish in this database. Repair the database by hand or recreate it (pnpm db:reset).`,
      );
    }
  }
  // Checked before anything is applied: a database a newer version migrated is left untouched, so
  // rolling back the code (or starting an old replica next to a new one) cannot damage it.
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied.keys()].filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) {
    throw new MigrationError(
      `The database was migrated by a newer version of Food Commons: it has ${unknown.length === 1 ? 'a migration' : 'migrations'} ` +
        `that this version does not know (${unknown.join(', ')}; not in prisma/migrations). Run the newer version, or restore a backup taken before it migrated.`,
    );
  }
  const done: string[] = [];
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row) {
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied to this database. Write a new migration instead (pnpm db:migrate:create <name>).`,
        );
      }
      continue;
    }
    // One transaction per migration: it is applied whole or not at all.
    await session.exec('BEGIN');
    try {
      await session.exec(migration.sql);
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      await session.exec('COMMIT');
    } catch (error) {
      await session.exec('ROLLBACK');
      throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
    }
    done.push(migration.name);
  }
  return done;
}

/**
 * Applies the committed migrations that the database lacks and returns their names. Idempotent; on
 * PostgreSQL, concurrent callers (two API replicas starting) wait for each other.
 */
export async function applyMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  if (db.kind === 'pglite') return applyWith(db.sql, migrations);
  return db.session(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    try {
      return await applyWith(session, migrations);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
    }
  });
}

// ─── Writing new migrations (development only) ─────────────────────────────────

// Instantiated once per process: a second instance replaces the module's memory under the first,
// and the engine then fails decoding its own strings.
let schemaEngine: ReturnType<typeof instantiateSchemaEngine> | undefined;
function loadSchemaEngine() {
  schemaEngine ??= instantiateSchemaEngine();
  return schemaEngine;
}

async function instantiateSchemaEngine() {
  // On Node 20 the engine's .wasm import does not load as an ES module: instantiate it by hand.
  const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Record<string, unknown> & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const jsPath = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm'));
  const bytes = fs.readFileSync(path.join(path.dirname(jsPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  return bg as unknown as typeof import('@prisma/schema-engine-wasm');
}

/**
 * The SQL that takes a database from the committed migrations to the current schema.prisma,
 * computed by Prisma's schema engine with an in-memory PGlite as shadow database. Empty when the
 * migrations are up to date.
 */
export async function diffMigrationsToSchema(dir = migrationsDir): Promise<string> {
  const [{ SchemaEngine }, { bindMigrationAwareSqlAdapterFactory }, { PGlite }, { PrismaPGlite }] = await Promise.all([
    loadSchemaEngine(),
    import('@prisma/driver-adapter-utils'),
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const pglite = new PGlite();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, adapter);
  try {
    const migrations = readMigrations(dir);
    const lockPath = path.join(dir, 'migration_lock.toml');
    const result = await engine.diff({
      from: {
        tag: 'migrations',
        baseDir: dir,
        lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
        shadowDbInitScript: '',
        migrationDirectories: migrations.map((m) => ({
          path: m.name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
        })),
      },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const script = result.stdout ?? '';
    return /^\s*(--[^\n]*\n?\s*)*$/.test(script) || script.includes('This is an empty migration') ? '' : script;
  } finally {
    engine.free();
    await pglite.close();
  }
}

/**
 * The statements that bring the functions and triggers of a database migrated by `dir` (plus
 * `pending`, the schema changes about to be migrated) to those of the prisma/sql files, worked out
 * on an in-memory PGlite. Empty when the migrations already define what the files do.
 */
export async function diffMigrationsToSqlFiles(dir = migrationsDir, sqlDir = sqlFilesDir, pending = ''): Promise<SqlFilesMigration> {
  const db = await openPglite('memory://');
  try {
    await applyMigrations(db, readMigrations(dir));
    if (pending !== '') {
      try {
        await db.sql.exec(pending);
      } catch (error) {
        throw new MigrationError(`The schema changes to migrate do not apply to the migrated database: ${(error as Error).message}`);
      }
    }
    return await migrationForSqlFiles(db.sql, readSqlFiles(sqlDir));
  } finally {
    await db.close();
  }
}

export interface CreatedMigration {
  folder: string;
  /** Whether it holds changes of prisma/schema.prisma. */
  schema: boolean;
  /** The prisma/sql files whose statements it holds. */
  sqlFiles: string[];
  /** Functions and triggers it drops because no prisma/sql file defines them any more. */
  dropped: string[];
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql for the changes not yet migrated: those
 * of prisma/schema.prisma, then the prisma/sql files whose functions and triggers differ from what
 * the migrations (and those schema changes) define. Undefined when there is nothing to migrate.
 */
export async function createMigration(name: string, dir = migrationsDir, sqlDir = sqlFilesDir): Promise<CreatedMigration | undefined> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new MigrationError(`Migration name "${name}" must be lower-case letters, digits and underscores.`);
  }
  const lockPath = path.join(dir, 'migration_lock.toml');
  if (!fs.existsSync(lockPath)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      lockPath,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  const schemaScript = await diffMigrationsToSchema(dir);
  let sqlFiles: SqlFilesMigration;
  try {
    sqlFiles = await diffMigrationsToSqlFiles(dir, sqlDir, schemaScript);
  } catch (error) {
    if (error instanceof SqlFileError) throw new MigrationError(error.message);
    throw error;
  }
  if (schemaScript === '' && sqlFiles.sql === '') return undefined;
  const script = [schemaScript.trimEnd(), sqlFiles.sql.trimEnd()].filter((part) => part !== '').join('\n\n') + '\n';
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(dir, `${stamp}_${name}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'migration.sql'), script);
  return { folder, schema: schemaScript !== '', sqlFiles: sqlFiles.files, dropped: sqlFiles.dropped };
}
