import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_FILTER } from '@nestjs/core';
import { formatGraphqlError } from './common/errors/graphql-error-formatter';
import { AppErrorFilter } from './common/errors/app-error.filter';
import { CoreModule, type CoreModuleOptions } from './core.module';
import { HealthModule } from './health/health.module';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics.plugin';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsService } from './metrics/metrics.service';
import { SystemModule } from './system/system.module';
import { JsonScalar } from './common/graphql/json.scalar';
import { asApolloPlugin } from './common/graphql/apollo-plugin';
import { graphqlWsOptions } from './common/graphql/graphql-ws-options';
import { AuthModule } from './auth/auth.module';
import { WebSocketAuthenticator } from './auth/websocket-authenticator.service';
import { DateTimeScalar } from './common/graphql/date-time.scalar';

export type AppModuleOptions = CoreModuleOptions;

/** The whole exchange. Built from an explicit config and database URL, so tests can run several at once. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config, logger } = options;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        MetricsModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [MetricsService, WebSocketAuthenticator],
          useFactory: (metrics: MetricsService, wsAuth: WebSocketAuthenticator) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
            introspection: true,
            playground: false,
            includeStacktraceInErrorResponses: false,
            formatError: formatGraphqlError(logger),
            // Subscriptions: graphql-ws on the same path, authenticated at connect (docs/api.md).
            subscriptions: { 'graphql-ws': graphqlWsOptions(wsAuth, formatGraphqlError(logger)) },
            plugins: [
              graphqlMetricsPlugin(metrics),
              // No cache hints are set (every answer depends on its viewer): spare each field resolution the
              // cache-control plugin's hook, which Apollo installs unless told otherwise.
              asApolloPlugin(ApolloServerPluginCacheControlDisabled()),
              ...(config.nodeEnv === 'production' ? [asApolloPlugin(ApolloServerPluginLandingPageDisabled())] : []),
            ],
          }),
        }),
        HealthModule,
        SystemModule,
      ],
      providers: [JsonScalar, { provide: APP_FILTER, useClass: AppErrorFilter }],
    };
  }
}
