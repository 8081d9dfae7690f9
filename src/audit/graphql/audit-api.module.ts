import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { AuditResolver } from './audit.resolver';

/** The GraphQL face of the audit trail; the trail itself (AuditModule) is global and has no API of its own. */
@Module({ imports: [AuthModule], providers: [AuditResolver] })
export class AuditApiModule {}
