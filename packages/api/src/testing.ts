/**
 * What other packages' tests, benchmarks and demo servers use to run the API in process: open a
 * database, migrate it, load reference and demo data, and build the server. Imported as
 * `@food-commons/api/testing`; this file is the package's stable surface for that, so files inside
 * src/ can move without breaking other packages.
 */
export { type Database, openPglite, openPostgres } from './db/database.js';
export { applyMigrations } from './db/migrate.js';
export { createServer, type FoodCommonsYoga } from './graphql/yoga.js';
export { refreshPublicLocations } from './privacy/public-location.js';
export { DEMO_SCALE, type DemoScale, seedDemo } from './seed/demo.js';
export { loadReferenceData } from './seed/reference.js';
export { seedDatabase } from './seed/setup.js';
