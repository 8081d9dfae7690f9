import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { formatGraphqlError } from './common/errors/graphql-error-formatter';
import { appDataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics.plugin';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsService } from './metrics/metrics.service';
import { SystemModule } from './system/system.module';
import { JsonScalar } from './common/graphql/json.scalar';
import { asApolloPlugin } from './common/graphql/apollo-plugin';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly logger: Logger;
}

/** The whole exchange. Built from an explicit config and database URL, so tests can run several at once. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsModule,
        TypeOrmModule.forRoot({ ...appDataSourceOptions(databaseUrl, config.databasePoolSize), autoLoadEntities: true }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            introspection: true,
            playground: false,
            includeStacktraceInErrorResponses: false,
            formatError: formatGraphqlError(logger),
            plugins: [
              graphqlMetricsPlugin(metrics),
              ...(config.nodeEnv === 'production' ? [asApolloPlugin(ApolloServerPluginLandingPageDisabled())] : []),
            ],
          }),
        }),
        HealthModule,
        SystemModule,
      ],
      providers: [JsonScalar],
    };
  }
}
