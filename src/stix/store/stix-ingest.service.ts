import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { MAX_TARGETS } from '../../audit';
import type { Actor } from '../../auth/actor';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import { ActorTransactions } from '../../database/actor-transaction.service';
import { PartnersService } from '../../partners/partners.service';
import { isPlainObject } from '../problem';
import { validateBundle } from '../validation/validate-bundle';
import { checkOwnership, decideVersions, jsonSize, prepareVersions, rejectionsFromProblems } from './bundle-plan';
import { isStoreRace, StixObjectRepository, type OnConflict, type WriteContext } from './stix-object.repository';
import type { Audience, InIngestTransaction, IngestChannel, NewVersion, Rejection, SubmitBundleInput, SubmitResult } from './stix-store.types';

/**
 * Bundle ingest: validate everything, then decide every version against what the store holds, then
 * write in a handful of set-based statements and audit, all in one actor transaction. By default a
 * single rejection writes nothing; `partial` stores the valid objects and reports the rest.
 */
@Injectable()
export class StixIngestService {
  constructor(
    private readonly tx: ActorTransactions,
    private readonly repository: StixObjectRepository,
    private readonly partners: PartnersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `within` runs in the ingest transaction with the result, before the audit (see InIngestTransaction).
   * `joining`: a transaction the caller already holds for the same actor (an incident and its STIX mirror
   * stand or fall together); everything is then read and written on it. Without it, a new one.
   */
  async submitBundle(
    actor: Actor,
    input: SubmitBundleInput,
    channel: IngestChannel = 'graphql',
    peer: string | null = null,
    within?: InIngestTransaction,
    joining?: EntityManager,
  ): Promise<SubmitResult> {
    const texts = this.checkLimits(input.bundle);
    const { objects, problems } = validateBundle(input.bundle);
    const envelope = problems.filter((p) => p.index === undefined);
    // A broken envelope leaves nothing to store object by object, partial or not.
    if (envelope.length > 0) throw invalidBundle(rejectionsFromProblems(problems));
    const rejections = rejectionsFromProblems(problems);
    const invalid = new Set(problems.map((p) => p.index!));
    const { versions, builtins } = prepareVersions(objects, invalid, actor, input.defaultMarking ?? null, texts);
    const audience = await this.resolveAudience(input.audience, joining);

    const work = async (m: EntityManager, onConflict: OnConflict): Promise<SubmitResult> => {
      // Holders, own history and partner identities of every id, in one statement (the history of a
      // refused id is fetched too, and never looked at: decideVersions only sees the allowed versions).
      const known = await this.repository.knownState(m, [...new Set(versions.map((v) => v.id))]);
      const forbidden = checkOwnership(versions, known, actor);
      const refused = new Set(forbidden.map((r) => r.index));
      const allowed = versions.filter((v) => !refused.has(v.index));
      const decided = decideVersions(allowed, known.history);
      const all = [...rejections, ...forbidden, ...decided.rejections].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
      if (all.length > 0 && !input.partial) throw invalidBundle(all);

      const ctx: WriteContext = { partnerId: actor.partnerId, clientId: actor.clientId, channel, peer, ...audience };
      const written = await this.repository.insertVersions(m, ctx, decided.writes, onConflict);
      const result: SubmitResult = {
        created: written.filter((v) => v.outcome === 'created').length,
        newVersions: written.filter((v) => v.outcome === 'newVersion').length,
        duplicates: decided.duplicates + builtins + (decided.writes.length - written.length),
        rejected: new Set(all.map((r) => r.index)).size,
        rejections: all,
      };
      if (within) await within(m, result);
      await this.recordSubmits(m, actor, written, input.bundle);
      return result;
    };
    // A caller's transaction cannot be retried: there every row is a speculative insert (ON CONFLICT).
    if (joining) return work(joining, 'skip');
    // Otherwise a plain INSERT, which costs each row a probe less per unique index. Only a concurrent
    // submission of the same ids makes it fail (the plan saw the store before that one committed): the
    // whole transaction is then planned and written once more, as before against what the winner wrote
    // (its versions now duplicates or refused), with ON CONFLICT in case a third submission races again.
    // `within` (and its callers' counters) never ran in the failed attempt: the race fails the INSERT, before it.
    try {
      return await this.tx.run(actor, (m) => work(m, 'fail'));
    } catch (error) {
      if (!isStoreRace(error)) throw error;
      return this.tx.run(actor, (m) => work(m, 'skip'));
    }
  }

  /** Writes versions the store built itself (a revocation): same checks as a bundle, no validation round. */
  async writeOwnVersions(m: EntityManager, actor: Actor, versions: NewVersion[], audience: Pick<WriteContext, 'audiencePartners' | 'audienceGroups'>): Promise<void> {
    const history = await this.repository.ownHistory(m, actor.partnerId, versions.map((v) => v.id));
    const decided = decideVersions(versions, history);
    if (decided.rejections.length > 0) throw AppError.conflict(decided.rejections[0]!.message);
    await this.repository.insertVersions(m, { partnerId: actor.partnerId, clientId: actor.clientId, channel: 'graphql', peer: null, ...audience }, decided.writes, 'skip');
  }

  /**
   * Refuses a bundle over the limits. The size is that of the bundle's JSON, counted object by object:
   * returns each object's JSON text (made once here, stored by the INSERT), or undefined without a list.
   */
  private checkLimits(bundle: unknown): string[] | undefined {
    const { maxBundleBytes, maxBundleObjects } = this.config.stix;
    const { bytes, texts } = jsonSize(bundle);
    if (bytes > maxBundleBytes) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `bundle is ${bytes} bytes; the limit is ${maxBundleBytes} (STIX_MAX_BUNDLE_BYTES): split it`, { bytes, limit: maxBundleBytes });
    }
    const count = isPlainObject(bundle) && Array.isArray(bundle.objects) ? bundle.objects.length : 0;
    if (count > maxBundleObjects) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `bundle holds ${count} objects; the limit is ${maxBundleObjects} (STIX_MAX_BUNDLE_OBJECTS): split it`, { objects: count, limit: maxBundleObjects });
    }
    return texts;
  }

  /** Partner short names to ids; an unknown name is an error, never a silently narrower audience. */
  private async resolveAudience(audience: Audience | null | undefined, joining?: EntityManager): Promise<Pick<WriteContext, 'audiencePartners' | 'audienceGroups'>> {
    if (!audience || (audience.partners == null && audience.groups == null)) return { audiencePartners: null, audienceGroups: null };
    const names = [...new Set(audience.partners ?? [])];
    const byName = new Map((await this.partners.list(joining)).map((p) => [p.shortName, p.id]));
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length > 0) throw AppError.invalid(unknown.map((n) => ({ path: 'audience.partners', message: `unknown partner ${n}` })));
    return { audiencePartners: names.map((n) => byName.get(n)!), audienceGroups: [...new Set(audience.groups ?? [])] };
  }

  /**
   * Every stored version is named in a `stix.submit` event, a bundle's worth per event (up to the audit
   * trail's limit of targets per event) rather than one event per object: the objects' own versions carry
   * type, modified and marking, and per-object events cost more than the rest of the ingest together.
   * One recordMany, the last step, as it takes the chain lock.
   */
  private async recordSubmits(m: EntityManager, actor: Actor, writes: readonly NewVersion[], bundle: unknown): Promise<void> {
    const bundleId = isPlainObject(bundle) && typeof bundle.id === 'string' ? bundle.id : null;
    const events = [];
    for (let i = 0; i < writes.length; i += MAX_TARGETS) {
      const chunk = writes.slice(i, i + MAX_TARGETS);
      events.push({
        action: 'stix.submit' as const,
        outcome: 'ok' as const,
        actor,
        targetIds: [...new Set(chunk.map((v) => v.id))],
        details: { bundleId, created: chunk.filter((v) => v.outcome === 'created').length, newVersions: chunk.filter((v) => v.outcome === 'newVersion').length, types: countBy(chunk.map((v) => v.type)) },
      });
    }
    await this.audit.recordMany(m, events);
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function invalidBundle(rejections: Rejection[]): AppError {
  const problems = rejections.map((r) => ({ index: r.index, id: r.id, path: r.path, message: r.message, code: r.code }));
  const invalid = rejections.some((r) => r.code === 'INVALID');
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new AppError(invalid ? ErrorCode.BAD_USER_INPUT : ErrorCode.FORBIDDEN, `bundle rejected, nothing stored: ${shown}${more}`, { problems });
}
