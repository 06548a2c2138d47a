// One short-lived PostgreSQL client for administrative statements (CREATE/DROP DATABASE),
// which cannot run through a pool bound to the database being created or dropped.
import pg from 'pg';

export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
