// @nestjs/apollo is ESM-only and types its options with @apollo/server's ESM declarations; this CommonJS
// package sees the CJS ones. They are the same code, but TypeScript treats the two HeaderMap classes as
// different, so plugins are typed from the ESM build.
import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };

export type ApolloPlugin = ApolloServerPlugin;

/** For plugins created by @apollo/server's CommonJS entry points (same runtime object). */
export function asApolloPlugin(plugin: unknown): ApolloPlugin {
  return plugin as ApolloPlugin;
}
