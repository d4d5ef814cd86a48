import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseLockedError, openDatabase } from '../db/database.js';
import { MigrationError, applyMigrations, createMigration } from '../db/migrate.js';
import { hasOnlyReferenceData, isEmpty, loadDemoData, seedDatabase } from '../seed/setup.js';

const USAGE = `Usage: pnpm db:<command>
  db:migrate                 apply the committed migrations (PGlite, or PostgreSQL with DATABASE_URL)
  db:migrate:create <name>   write a migration for the changes in prisma/schema.prisma and prisma/sql/
  db:seed [--demo]           load the reference data into an empty database, and the invented demo
                             data with --demo or FC_DEMO_DATA=true (the default on the embedded
                             database); --demo also adds it to a database with only reference data
  db:reset [--demo]          delete all data, migrate and seed again (demo data as for db:seed)`;

const describe = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

async function main(command: string | undefined, args: string[]) {
  const config = loadConfig();
  const log = (message: string) => console.log(message);
  switch (command) {
    case 'migrate': {
      const db = await openDatabase(config);
      try {
        const applied = await applyMigrations(db);
        log(applied.length ? `Applied ${applied.join(', ')} to ${db.location}.` : `${db.location} is up to date.`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'migrate:create': {
      const name = args[0];
      if (!name) throw new MigrationError('Name the migration: pnpm db:migrate:create <name> (lower case, digits, underscores).');
      const created = await createMigration(name);
      if (!created) {
        log('prisma/schema.prisma and prisma/sql/ have no changes to migrate.');
        return;
      }
      const holds = [
        ...(created.schema ? ['the changes of prisma/schema.prisma'] : []),
        ...(created.sqlFiles.length ? [`prisma/sql/{${created.sqlFiles.join(',')}}`] : []),
        ...(created.dropped.length ? [`drops of ${created.dropped.join(', ')} (in no prisma/sql file any more)`] : []),
      ];
      log(`Wrote ${created.folder}/migration.sql with ${holds.join('; ')}. Review it, then apply it with pnpm db:migrate.`);
      return;
    }
    case 'seed': {
      const demo = args.includes('--demo') || config.demoData;
      const db = await openDatabase(config);
      try {
        await applyMigrations(db);
        if (await isEmpty(db)) {
          const counts = await seedDatabase(db, log, { demo });
          log(`Seeded ${db.location} with the reference data${demo ? ` and the demo data: ${describe(counts)}` : ''}.`);
        } else if (demo && (await hasOnlyReferenceData(db))) {
          const counts = await loadDemoData(db, log);
          log(`Added the demo data to ${db.location}: ${describe(counts)}.`);
        } else {
          log(`${db.location} already has data; use pnpm db:reset to start over.`);
        }
      } finally {
        await db.close();
      }
      return;
    }
    case 'reset': {
      const demo = args.includes('--demo') || config.demoData;
      if (config.databaseUrl) {
        const db = await openDatabase(config);
        try {
          await db.sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
          await applyMigrations(db);
          await seedDatabase(db, log, { demo });
        } finally {
          await db.close();
        }
      } else {
        // Refuse while a server holds the folder, then remove the folder whole.
        const probe = await openDatabase(config);
        await probe.close();
        fs.rmSync(config.pgliteDir, { recursive: true, force: true });
        const db = await openDatabase(config);
        try {
          await applyMigrations(db);
          await seedDatabase(db, log, { demo });
        } finally {
          await db.close();
        }
      }
      log(`Database reset, migrated and seeded with the reference data${demo ? ' and the demo data' : ''}.`);
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseLockedError || error instanceof MigrationError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
