import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import type { Connection } from '../../common/graphql/pagination';
import { CasesService, type CaseView } from '../cases.service';
import { CaseAccessArgs, CaseExportResult, CasesArgs, CreateCaseInput, PoliceCase, PoliceCaseConnection, UpdateCaseInput } from './case.types';

function toCase(v: CaseView): PoliceCase {
  const r = v.row;
  return {
    id: r.id, caseNumber: r.caseNumber, lawEnforcementPartner: v.lawPartner, legalBasis: r.legalBasis, status: r.status,
    grantedClientIds: r.grantedClientIds, revision: r.revision, createdAt: r.createdAt, updatedAt: r.updatedAt,
    evidence: v.items?.map((i) => ({ position: i.position, kind: i.kind, refId: i.refId, stixId: i.stixId, object: i.object, addedAt: i.addedAt })) ?? null,
  };
}

@Resolver()
export class CasesResolver {
  constructor(private readonly service: CasesService) {}

  @Mutation(() => PoliceCase, { description: 'HOME ANALYST: refer incidents and evidence to a law-enforcement partner.' })
  @RequireRoles('ANALYST')
  async createCase(@Args('input') input: CreateCaseInput, @CurrentActor() actor: Actor): Promise<PoliceCase> {
    return toCase(await this.service.create(actor, input));
  }

  @Mutation(() => PoliceCase, { description: 'HOME ANALYST: change status or grants, or add evidence.' })
  @RequireRoles('ANALYST')
  async updateCase(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateCaseInput, @CurrentActor() actor: Actor): Promise<PoliceCase> {
    return toCase(await this.service.update(actor, id, input));
  }

  @Query(() => PoliceCaseConnection, { description: 'HOME: every case; a LIAISON client: the cases granted to it. Newest first, without evidence.' })
  @RequireRoles('ANALYST', 'LIAISON')
  async cases(@Args() args: CasesArgs, @CurrentActor() actor: Actor): Promise<Connection<PoliceCase>> {
    const page = await this.service.list(actor, args.first, args.after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toCase(e.node) })) };
  }

  @Query(() => PoliceCase, { description: 'One case with its evidence. purpose is required and audited; not granted == not found.' })
  @RequireRoles('ANALYST', 'LIAISON')
  async case(@Args() args: CaseAccessArgs, @CurrentActor() actor: Actor): Promise<PoliceCase> {
    return toCase(await this.service.read(actor, args.id, args.purpose));
  }

  @Query(() => CaseExportResult, { description: 'The case as a STIX bundle with its SHA-256 and the audit sequence of this export.' })
  @RequireRoles('ANALYST', 'LIAISON')
  exportCase(@Args() args: CaseAccessArgs, @CurrentActor() actor: Actor): Promise<CaseExportResult> {
    return this.service.export(actor, args.id, args.purpose);
  }
}
