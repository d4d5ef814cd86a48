// The ceiling: the canonical queries as hand-written SQL through `pg`, served as JSON over HTTP.
//   tsx raw-server.ts <connection string> <port>
import { createServer } from 'node:http';
import pg from 'pg';
import { deliveryStatsSql } from '../packages/api/src/stats/delivery-stats.js';

const [connectionString, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString, max: 10 });

export const RAW_SQL = {
  // The same answer as the GraphQL map query: a page and the number of producers in the box. The
  // matches are collected through the location index first; left to itself, the planner walks the
  // name index and filters (or, with count(*) OVER (), walks all of it).
  map: `WITH box AS MATERIALIZED (
          SELECT p.id, p.name, p.public_lat, p.public_lon FROM producer p
           WHERE p.deleted_at IS NULL AND p.public_lat BETWEEN $1 AND $2 AND p.public_lon BETWEEN $3 AND $4)
        SELECT b.id, b.name, b.public_lat AS lat, b.public_lon AS lon,
               ARRAY(SELECT DISTINCT pp.category_code FROM producer_product pp WHERE pp.producer_id = b.id AND pp.deleted_at IS NULL) AS categories,
               (SELECT count(*) FROM box) AS total
          FROM box b ORDER BY b.name, b.id LIMIT $5`,
  list: `SELECT p.id, p.name, p.kind, p.tender_ready,
               (SELECT json_agg(json_build_object('code', c.code, 'name', c.names->>'en') ORDER BY c.code)
                  FROM (SELECT DISTINCT pp.category_code FROM producer_product pp WHERE pp.producer_id = p.id AND pp.deleted_at IS NULL) x
                  JOIN product_category c ON c.code = x.category_code) AS categories,
               (SELECT json_agg(json_build_object('scheme', ce.scheme) ORDER BY ce.id) FROM certification ce WHERE ce.producer_id = p.id AND ce.deleted_at IS NULL) AS certifications,
               (SELECT count(*) FROM producer c WHERE c.deleted_at IS NULL) AS total
          FROM producer p WHERE p.deleted_at IS NULL ORDER BY p.name, p.id LIMIT $1`,
};

const stats = deliveryStatsSql({ filter: {}, groupBy: ['MUNICIPALITY', 'YEAR'], local: 'WITHIN_KM', localKm: 50, measure: 'VALUE' });

createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const q = (name: string) => Number(url.searchParams.get(name));
  try {
    let rows: unknown[];
    if (url.pathname === '/map') rows = (await pool.query(RAW_SQL.map, [q('minLat'), q('maxLat'), q('minLon'), q('maxLon'), q('first')])).rows;
    else if (url.pathname === '/list') rows = (await pool.query(RAW_SQL.list, [q('first')])).rows;
    else if (url.pathname === '/stats') rows = (await pool.query(stats.sql, stats.params)).rows;
    else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows }));
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`raw SQL on ${port}`));
