import pg from 'pg';

/**
 * The PostgreSQL server the suite uses when it answers: FC_TEST_POSTGRES_URL, by default
 * postgresql://postgres@127.0.0.1:5432/postgres. Test databases are created and dropped beside it.
 */
export const adminUrl = process.env.FC_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the same server. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a failed probe is answered by the catch below, not as an unhandled error
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
