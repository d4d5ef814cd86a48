import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// Prisma's CLI downloads its native schema engine before any command, `generate` included. Generation
// does not need it, and migrations run through the WebAssembly engine (packages/api/src/db/migrate.ts),
// so point the CLI at a stub that explains where to go instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL('./prisma/bin/no-schema-engine', import.meta.url));

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
