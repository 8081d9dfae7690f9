import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_ROLE } from '../../database/app-role';
import { decodeSeqs, STIX_ADDED_CHANNEL } from './added-events';

export interface AddedEventHandlers {
  /** The seqs of versions that became current in one committed transaction (or one part of it). */
  added(seqs: string[]): void;
  /** The LISTEN connection was lost: events may have been missed since. */
  interrupted(error: Error): void;
}

/**
 * This replica's one LISTEN connection for new-version events (see added-events.ts). Opened on the first
 * subscription, not at start-up, so the CLI, tests and replicas nobody subscribes to hold no extra
 * connection. When the connection drops, `interrupted` is called and the next subscription reconnects.
 */
@Injectable()
export class StixEventListener implements OnModuleDestroy {
  private readonly logger = new Logger('StixEventListener');
  private connecting: Promise<void> | null = null;
  private client: Client | null = null;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves once LISTEN is in place: events committed after that reach `handlers`. */
  listen(handlers: AddedEventHandlers): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the server is shutting down'));
    this.connecting ??= this.connect(handlers).catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    this.connecting = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(handlers: AddedEventHandlers): Promise<void> {
    // The application's own database URL (CoreModule configures TypeORM with a url, never host/port parts).
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, options: `-c role=${APP_ROLE}`, application_name: 'cert-exchange-listen' });
    const lost = (error: Error): void => {
      if (this.client !== client) return;
      this.client = null;
      this.connecting = null;
      client.end().catch(() => undefined);
      this.logger.warn(`lost the LISTEN connection: ${error.message}`);
      handlers.interrupted(error);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== STIX_ADDED_CHANNEL) return;
      const seqs = decodeSeqs(message.payload ?? '');
      if (seqs) handlers.added(seqs);
      else this.logger.warn(`ignored a ${STIX_ADDED_CHANNEL} payload that is not a seq list`);
    });
    await client.connect();
    if (this.stopped) {
      await client.end();
      throw new Error('the server is shutting down');
    }
    await client.query(`LISTEN ${STIX_ADDED_CHANNEL}`);
    this.client = client;
  }
}
