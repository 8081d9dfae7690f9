import { Client } from 'pg';

/** One owner connection for `work` (seeding, EXPLAIN), closed whatever happens. */
export async function withOwner<T>(databaseUrl: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
