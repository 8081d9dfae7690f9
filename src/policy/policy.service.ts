import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type Role } from '../auth/actor';
import { AppError } from '../common/errors/app-error';
import { canSee, isHomeActor } from './can-see';
import { redact, redactWith, type Redacted } from './redact';
import { actorSessionSettings } from './rls-policy';
import { type Shareable } from './shareable';
import { assertCanChangeSharing, type Sharing } from './sharing-change';
import { type SqlCondition } from './sql-fragments';
import { type TlpLevel } from './tlp';
import { POLICY_DEFAULT_TLP } from './policy.tokens';
import { type NamedSqlCondition, type ViewerValues, viewerValues, visibleToSql, visibleToWhere } from './visible-to-sql';

/**
 * The only place other modules ask "may this actor…?". A thin wrapper over the pure rule functions
 * that supplies the configured default marking, so no caller passes (or forgets) it.
 */
@Injectable()
export class PolicyService {
  constructor(@Inject(POLICY_DEFAULT_TLP) readonly defaultTlp: TlpLevel) {}

  canSee(actor: Actor, row: Shareable): boolean {
    return canSee(actor, row, this.defaultTlp);
  }

  /** For one object by id: invisible and missing give the same NOT_FOUND, so existence never leaks. */
  assertCanSee<T extends Shareable>(actor: Actor, row: T | null | undefined, what: string, id: string): asserts row is T {
    if (!row || !canSee(actor, row, this.defaultTlp)) throw AppError.notFound(what, id);
  }

  /** The list condition (`$paramOffset+1`…); totals and page info must use it too. */
  visibleTo(actor: Actor, alias: string, paramOffset = 0): SqlCondition {
    return visibleToSql(actor, alias, paramOffset, this.defaultTlp);
  }

  /** A viewer's values for `visibleToViewersSql` (set-based reports over many partners), null when folded. */
  viewerValues(viewer: Pick<Actor, 'partnerId' | 'partnerKind' | 'trust' | 'groups' | 'active'>): ViewerValues | null {
    return viewerValues(viewer, this.defaultTlp);
  }

  /** The list condition with named parameters, for `queryBuilder.andWhere(where, parameters)`. */
  visibleToWhere(actor: Actor, alias: string): NamedSqlCondition {
    return visibleToWhere(actor, alias, this.defaultTlp);
  }

  /** `SELECT set_config(…)` to run first in each request transaction, for the RLS policies. */
  sessionSettings(actor: Actor): SqlCondition {
    return actorSessionSettings(actor, this.defaultTlp);
  }

  redact<T extends Shareable>(actor: Actor, row: T, sensitivePaths: readonly string[]): Redacted<T> {
    return redact(actor, row, sensitivePaths);
  }

  redactWith<T>(actor: Actor, sharing: Shareable, value: T, sensitivePaths: readonly string[]): Redacted<T> {
    return redactWith(actor, sharing, value, sensitivePaths);
  }

  assertCanChangeSharing(actor: Actor, before: Shareable, after: Sharing): void {
    assertCanChangeSharing(actor, before, after, this.defaultTlp);
  }

  /** Any one of `roles` suffices; a suspended actor has none. */
  requireRole(actor: Actor, ...roles: Role[]): void {
    if (roles.length === 0) throw new Error('requireRole needs at least one role');
    if (!actor.active || !roles.some((r) => actor.roles.includes(r))) {
      throw AppError.forbidden(`requires the role ${roles.join(' or ')}`);
    }
  }

  /** The home CERT, and active: a suspended home client has no privileges either. */
  isHome(actor: Actor): boolean {
    return isHomeActor(actor);
  }
}
