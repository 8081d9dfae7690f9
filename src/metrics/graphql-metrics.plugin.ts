import { Kind, type OperationDefinitionNode } from 'graphql';
import type { ApolloPlugin } from '../common/graphql/apollo-plugin';
import type { MetricsService } from './metrics.service';

const KNOWN_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

/**
 * The label for an operation: its root fields (e.g. `stixObjects`, `me+partnerDirectory`), which the schema
 * bounds. Client-chosen operation names are not used: anyone could mint unbounded label values (memory)
 * or read other partners' naming on the public /metrics.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'unparsed';
  const fields = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).map((s) => s.name.value);
  return fields.length ? [...new Set(fields)].sort().slice(0, 3).join('+') : 'fragments';
}

/** Counts and times every GraphQL operation by its root fields, type and outcome. */
export function graphqlMetricsPlugin(metrics: MetricsService): ApolloPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          // Root fields are only trusted once validation passed (they exist in the schema).
          const valid = !ctx.errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.code === 'GRAPHQL_PARSE_FAILED');
          const operation = valid ? operationLabel(ctx.operation) : 'invalid';
          const type = ctx.operation?.operation ?? 'unknown';
          const code = String(ctx.errors?.[0]?.extensions?.code ?? 'ERROR');
          const outcome = ctx.errors?.length ? (KNOWN_CODES.has(code) ? code : 'ERROR') : 'ok';
          metrics.graphqlOperations.inc({ operation, type, outcome });
          metrics.graphqlDuration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
