import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Actor } from '../auth/actor';
import { PolicyService } from '../policy/policy.service';
import { inlineStatement, literal, type Statement } from './inline-statement';
import { PreparedReads } from './prepared-reads';

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

  private readonly prepared = new PreparedReads();

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

  /**
   * Read-only statements for an actor in one round trip: BEGIN, the actor's settings, the statements and
   * COMMIT travel as one simple-protocol message, each parameter inlined as a quoted literal, each statement
   * prepared once per connection and executed with a generic plan (see PreparedReads), for point reads only. A look-up under load
   * spent most of its time on round trips (five per read: 1,400-1,700 transactions/s on this machine's
   * database against 6,300 for one) and on planning, so the hot reads use this; anything that writes, or
   * needs a result before it knows its next statement, uses `run`. Returns each statement's rows, in order.
   */
  async readOnce(actor: Actor, statements: readonly Statement[]): Promise<Record<string, unknown>[][]> {
    // Planner settings join the actor's in one SELECT (every command in the message costs a result to parse
    // on each side). These reads find a handful of rows by index; a generic plan cannot see the values and
    // must guess how many: at 1,000,000 objects it guessed 6,000 look-up hits and merge-joined them by walking
    // the primary key, 1.5 s a look-up. Without merge and hash joins it is a nested loop: 0.8 ms.
    const actorSettings = inlineStatement(this.policy.sessionSettings(actor));
    if (!actorSettings.startsWith('SELECT ')) throw new Error('the actor settings are expected to be one SELECT');
    const planner = `set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_mergejoin', 'off', true), set_config('enable_hashjoin', 'off', true)`;
    const settings = `SELECT ${planner}, ${actorSettings.slice('SELECT '.length)}`;
    const head = ['BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY', settings];
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (error?: Error) => void];
    let planned: ReturnType<PreparedReads['plan']>;
    try {
      planned = this.prepared.plan(client, statements, head.length);
    } catch (error) {
      release(); // e.g. a placeholder without a parameter: nothing was sent
      throw error;
    }
    const { commands, resultAt, preparing } = planned;
    let results: QueryResult[];
    try {
      results = (await client.query([...head, ...commands, 'COMMIT'].join(';\n'))) as unknown as QueryResult[];
    } catch (error) {
      // PostgreSQL stopped at the failing statement, inside the transaction: end it before the connection
      // goes back to the pool, or drop the connection if even that fails. PREPARE is not undone by the
      // rollback, so whichever of the statements got prepared before the failure is kept as prepared.
      const listed = preparing.map((name) => literal(name)).join(', ');
      const cleanup = preparing.length > 0 ? `ROLLBACK; SELECT name FROM pg_prepared_statements WHERE name IN (${listed})` : 'ROLLBACK';
      await client.query(cleanup).then(
        (done: QueryResult | QueryResult[]) => {
          if (Array.isArray(done)) this.prepared.confirm(client, done[1]!.rows.map((r: { name: string }) => r.name));
          release();
        },
        (cleanupError: Error) => {
          this.prepared.forget(client);
          release(cleanupError);
        },
      );
      throw error;
    }
    this.prepared.confirm(client, preparing);
    release();
    return resultAt.map((i) => results[i]!.rows as Record<string, unknown>[]);
  }
}
