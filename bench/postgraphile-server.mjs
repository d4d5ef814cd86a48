/* global process, console */
// PostGraphile v5 serving the benchmark database, for the side-by-side comparison (needs Node ≥ 22).
//   node postgraphile-server.mjs <connection string> <port>
// It serves the same tables with PostGraphile's defaults (amber preset), plus one SQL function for
// the map's bounding box (in the API's order: by name, then ID), created in its own schema so the
// project's migrations stay untouched.
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [connectionString, port] = process.argv.slice(2);
const setup = new pg.Client({ connectionString });
await setup.connect();
await setup.query(`CREATE SCHEMA IF NOT EXISTS bench;
  CREATE OR REPLACE FUNCTION bench.producers_in_box(min_lat float8, min_lon float8, max_lat float8, max_lon float8)
  RETURNS SETOF public.producer LANGUAGE sql STABLE AS $$
    SELECT * FROM public.producer
     WHERE deleted_at IS NULL AND public_lat BETWEEN min_lat AND max_lat AND public_lon BETWEEN min_lon AND max_lon
     ORDER BY name, id $$;`);
await setup.end();

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public', 'bench'], poolConfig: { max: 10 } })],
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).then(() => server.listen(Number(port), '127.0.0.1', () => console.log(`PostGraphile on ${port}`)));
