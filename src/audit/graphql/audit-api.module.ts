import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { PartnersModule } from '../../partners/partners.module';
import { StixModule } from '../../stix/stix.module';
import { AccessLogResolver } from './access-log.resolver';
import { AuditResolver } from './audit.resolver';

/** The GraphQL face of the audit trail; the trail itself (AuditModule) is global and has no API of its own. */
@Module({ imports: [AuthModule, PartnersModule, StixModule], providers: [AuditResolver, AccessLogResolver] })
export class AuditApiModule {}
