/**
 * The role every application query runs as. It owns nothing, so PostgreSQL row-level security applies to it;
 * migrations run as the connecting (owner) role. Cluster-wide, shared by every exchange database on a server.
 */
export const APP_ROLE = 'cx_app';
