import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.CX_TEST_SERVER_URL;
  const template = process.env.CX_TEST_TEMPLATE;
  if (serverUrl && template && !globalThis.__CX_TEST_PG__) {
    // A shared server (CI's) is left as we found it.
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`).finally(() => admin.end());
  }
  await globalThis.__CX_TEST_PG__?.stop();
}
