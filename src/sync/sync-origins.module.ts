import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { SyncOrigins } from './sync-origins.service';

/** What the TAXII server needs of sync (origins of synced objects), without the rest of it. */
@Module({ imports: [PartnersModule], providers: [SyncOrigins], exports: [SyncOrigins] })
export class SyncOriginsModule {}
