import { Global, Module } from '@nestjs/common';
import { ActorTransactions } from './actor-transaction.service';

/** Database helpers every domain uses; TypeORM itself is configured in CoreModule. */
@Global()
@Module({ providers: [ActorTransactions], exports: [ActorTransactions] })
export class DatabaseModule {}
