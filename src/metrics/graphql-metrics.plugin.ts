import type { ApolloPlugin } from '../common/graphql/apollo-plugin';
import type { MetricsService } from './metrics.service';

/** Counts and times every GraphQL operation by name; anonymous operations share one label. */
export function graphqlMetricsPlugin(metrics: MetricsService): ApolloPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const operation = ctx.operationName ?? ctx.operation?.name?.value ?? 'anonymous';
          const type = ctx.operation?.operation ?? 'unknown';
          const firstCode = ctx.errors?.[0]?.extensions?.code;
          const outcome = ctx.errors?.length ? String(firstCode ?? 'ERROR') : 'ok';
          metrics.graphqlOperations.inc({ operation, type, outcome });
          metrics.graphqlDuration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
