import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PolicyService } from './policy.service';
import { POLICY_DEFAULT_TLP } from './policy.tokens';
import { assertTlpLevel, DEFAULT_TLP, type TlpLevel } from './tlp';

export interface PolicyModuleOptions {
  /** Marking assumed for objects stored without one. */
  readonly defaultTlp?: TlpLevel;
}

/**
 * Registered once by the app (`PolicyModule.forRoot({ defaultTlp })`) and global, so every domain
 * module injects the same `PolicyService` with the same default marking.
 */
@Global()
@Module({})
export class PolicyModule {
  static forRoot(options: PolicyModuleOptions = {}): DynamicModule {
    // Checked here too: a bad default would silently change what every unmarked object shows.
    const defaultTlp = assertTlpLevel(options.defaultTlp ?? DEFAULT_TLP);
    return {
      module: PolicyModule,
      providers: [{ provide: POLICY_DEFAULT_TLP, useValue: defaultTlp }, PolicyService],
      exports: [PolicyService, POLICY_DEFAULT_TLP],
    };
  }
}
