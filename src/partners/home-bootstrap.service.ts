import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientsService } from './clients.service';
import { PartnerEntity } from './partner.entity';
import { PartnersService } from './partners.service';

export interface BootstrapResult {
  readonly created: boolean;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Where the credentials were also written (mode 0600). */
  readonly file?: string;
}

/** On a brand-new database: the HOME partner (the operator) and one ADMIN client, so the exchange can be run at all. */
@Injectable()
export class HomeBootstrapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly partners: PartnersService,
    private readonly clients: ClientsService,
  ) {}

  async ensureHome(): Promise<BootstrapResult> {
    const result = await this.dataSource.transaction(async (m) => {
      // Replicas starting together: one creates, the others see it.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('cx.bootstrap'))`);
      if (await m.getRepository(PartnerEntity).exists({ where: { kind: 'HOME' } })) return { created: false } as BootstrapResult;
      const { name, shortName, country } = this.config.home;
      await this.partners.create({ name, shortName, kind: 'HOME', trust: 'CLOSE', country: country ?? null }, null, m);
      const { client, clientSecret } = await this.clients.create({ partnerShortName: shortName, roles: ['ADMIN', 'ANALYST'], label: 'bootstrap admin' }, null, m);
      return { created: true, clientId: client.clientId, clientSecret };
    });
    if (!result.created) return result;
    const file = path.join(this.config.dataDir, 'home-admin-credentials.json');
    try {
      await fs.mkdir(this.config.dataDir, { recursive: true });
      await fs.writeFile(file, JSON.stringify({ client_id: result.clientId, client_secret: result.clientSecret }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      return { ...result, file };
    } catch {
      return result; // printed once by the caller all the same
    }
  }
}
