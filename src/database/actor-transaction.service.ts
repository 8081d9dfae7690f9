import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { PolicyService } from '../policy/policy.service';

/**
 * Runs work for an actor in one transaction whose first statement sets the actor's session settings, so
 * PostgreSQL row-level security sees who is asking (and a query that forgot the policy condition returns
 * nothing rather than everything). The settings are SET LOCAL: a pooled connection forgets them at COMMIT.
 */
@Injectable()
export class ActorTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  run<T>(actor: Actor, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const settings = this.policy.sessionSettings(actor);
      await manager.query(settings.sql, settings.params);
      return work(manager);
    });
  }

  /** Read-only work: same settings, and PostgreSQL refuses any write by mistake. */
  read<T>(actor: Actor, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run(actor, async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(manager);
    });
  }
}
