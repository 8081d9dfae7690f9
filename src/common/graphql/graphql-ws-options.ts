import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { SubscriptionConnection, WebSocketAuthenticator } from '../../auth/websocket-authenticator.service';

type Format = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
type ConnectionExtra = Extra & { connection?: SubscriptionConnection };
type WsOptions = GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'context' | 'onError'>;

/**
 * graphql-ws on the GraphQL path (the Apollo driver attaches it to Fastify's HTTP server): each connection
 * authenticated once at `connection_init`, each operation's context shaped like HTTP's, and every error
 * passed through the same formatter as over HTTP (graphql-ws would otherwise send raw messages).
 * `context` and `onError` are not in Nest's type for these options, but Nest hands all of them to
 * graphql-ws's `useServer`, after its own context (the subscriptions e2e test holds it to that).
 */
export function graphqlWsOptions(authenticator: WebSocketAuthenticator, format: Format): WsOptions {
  const formatAll = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((e) => format(e.toJSON(), e));
  return {
    onConnect: async (ctx) => {
      const extra = ctx.extra as ConnectionExtra;
      const connection = await authenticator.connect(ctx.connectionParams, extra.socket, extra.request);
      if (!connection) return false;
      extra.connection = connection;
      return true;
    },
    context: (ctx) => {
      const connection = (ctx.extra as ConnectionExtra).connection;
      return connection ? { ...authenticator.context(connection) } : {};
    },
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatAll(result.errors) } : undefined),
    onError: (_ctx, _id, _payload, errors) => formatAll(errors),
  };
}
