/** The owner connection URL pg-boss uses (it creates and migrates its own schema, and a partition per queue). */
export const JOBS_DATABASE_URL = Symbol('JOBS_DATABASE_URL');
