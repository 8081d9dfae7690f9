import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, PartnerKind } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { ActorTransactions } from '../database/actor-transaction.service';
import type { TlpLevel } from '../stix/tlp.constants';
import { checkCollection, isUuid, type CollectionFields, type TaxiiCollection } from './taxii-collections';

interface CollectionRow {
  id: string;
  alias: string;
  title: string;
  description: string;
  types: string[] | null;
  markings: TlpLevel[] | null;
  read_kinds: PartnerKind[];
  write_kinds: PartnerKind[];
  default_marking: TlpLevel | null;
}

const COLUMNS = 'id, alias, title, description, types, markings, read_kinds, write_kinds, default_marking';

function toCollection(r: CollectionRow): TaxiiCollection {
  return {
    id: r.id,
    name: r.alias,
    title: r.title,
    description: r.description,
    view: { ...(r.types ? { types: r.types } : {}), ...(r.markings ? { markings: r.markings } : {}) },
    read: r.read_kinds,
    write: r.write_kinds,
    ...(r.default_marking ? { defaultMarking: r.default_marking } : {}),
  };
}

/** A collection as HOME edits it (and as the audit trail records it, before and after). */
export function fieldsOf(c: TaxiiCollection): CollectionFields {
  return {
    alias: c.name,
    title: c.title,
    description: c.description,
    types: c.view.types ?? null,
    markings: c.view.markings ?? null,
    readKinds: c.read,
    writeKinds: c.write,
    defaultMarking: c.defaultMarking ?? null,
  };
}

/**
 * taxii_collections under RLS (migrations 1764190000000 and …001): cx_app reads the definitions, only
 * active HOME sessions write them (the resolver also requires ADMIN, which only HOME clients hold). Every change
 * is audited in its transaction with the collection before and after. Read on each TAXII request: one
 * small indexed query, and an edit applies at once on every replica.
 */
@Injectable()
export class TaxiiCollectionRepository {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Reads need no actor (migration 1764190000001): one statement, no transaction, on every TAXII request. */
  async list(): Promise<TaxiiCollection[]> {
    const rows: CollectionRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM taxii_collections ORDER BY created_at, id`);
    return rows.map(toCollection);
  }

  async find(id: string): Promise<TaxiiCollection | null> {
    if (!isUuid(id)) return null;
    const rows: CollectionRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM taxii_collections WHERE id = $1`, [id]);
    return rows[0] ? toCollection(rows[0]) : null;
  }

  async create(actor: Actor, fields: CollectionFields, id?: string): Promise<TaxiiCollection> {
    const checked = checkCollection(fields, id);
    const newId = id ?? randomUUID();
    return this.tx.run(actor, async (m) => {
      await this.assertFree(m, checked.alias, newId, true);
      const rows: CollectionRow[] = await m.query(
        `INSERT INTO taxii_collections (id, alias, title, description, types, markings, read_kinds, write_kinds, default_marking)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [newId, ...values(checked)],
      );
      const created = toCollection(rows[0]!);
      await this.audit.record(m, { action: 'taxii-collection.create', outcome: 'ok', actor, targetIds: [created.id], details: { after: fieldsOf(created) } });
      return created;
    });
  }

  /** `change` receives the current fields and returns the new ones (checked again as a whole). */
  async update(actor: Actor, id: string, change: (current: CollectionFields) => CollectionFields): Promise<TaxiiCollection> {
    return this.tx.run(actor, async (m) => {
      const before = await this.locked(m, id);
      const checked = checkCollection(change(fieldsOf(before)));
      await this.assertFree(m, checked.alias, id, false);
      // TypeORM answers an UPDATE with [rows, affected].
      const [rows]: [CollectionRow[], number] = await m.query(
        `UPDATE taxii_collections SET alias = $2, title = $3, description = $4, types = $5, markings = $6, read_kinds = $7, write_kinds = $8,
                default_marking = $9, updated_at = clock_timestamp()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, ...values(checked)],
      );
      const updated = toCollection(rows[0]!);
      await this.audit.record(m, { action: 'taxii-collection.update', outcome: 'ok', actor, targetIds: [id], details: { before: fieldsOf(before), after: fieldsOf(updated) } });
      return updated;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.tx.run(actor, async (m) => {
      const before = await this.locked(m, id);
      await m.query(`DELETE FROM taxii_collections WHERE id = $1`, [id]);
      await this.audit.record(m, { action: 'taxii-collection.delete', outcome: 'ok', actor, targetIds: [id], details: { before: fieldsOf(before) } });
    });
  }

  private async locked(m: EntityManager, id: string): Promise<TaxiiCollection> {
    const rows: CollectionRow[] = isUuid(id) ? await m.query(`SELECT ${COLUMNS} FROM taxii_collections WHERE id = $1 FOR UPDATE`, [id]) : [];
    if (!rows[0]) throw AppError.notFound('TAXII collection', id);
    return toCollection(rows[0]);
  }

  private async assertFree(m: EntityManager, alias: string, id: string, isNew: boolean): Promise<void> {
    const taken: { id: string }[] = await m.query(`SELECT id FROM taxii_collections WHERE alias = $1 AND id <> $2`, [alias, id]);
    if (taken[0]) throw AppError.conflict(`the alias ${alias} is taken by collection ${taken[0].id}`);
    if (isNew && (await m.query(`SELECT 1 FROM taxii_collections WHERE id = $1`, [id])).length > 0) throw AppError.conflict(`a TAXII collection with id ${id} exists already`);
  }
}

function values(c: CollectionFields): unknown[] {
  return [c.alias, c.title, c.description, c.types, c.markings, c.readKinds, c.writeKinds, c.defaultMarking];
}
