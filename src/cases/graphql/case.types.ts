import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JsonScalar } from '../../common/graphql/json.scalar';
import { ConnectionType, PageArgs } from '../../common/graphql/pagination';
import { CASE_STATUSES, type CaseStatus } from '../case.rows';

export const CaseStatusEnum = Object.fromEntries(CASE_STATUSES.map((s) => [s, s])) as Record<CaseStatus, CaseStatus>;
registerEnumType(CaseStatusEnum, { name: 'CaseStatus' });

@ObjectType({ description: 'One piece of evidence, frozen when it was added to the case.' })
export class CaseEvidence {
  @Field(() => Int) position!: number;
  @Field({ description: 'incident, note or stix.' }) kind!: string;
  @Field({ description: 'Incident or note id, or the STIX id.' }) refId!: string;
  @Field() stixId!: string;
  @Field(() => JsonScalar, { description: 'The STIX object as the home CERT held it when referred.' }) object!: Record<string, unknown>;
  @Field() addedAt!: Date;
}

@ObjectType({ description: 'A referral of incidents to a law-enforcement partner.' })
export class PoliceCase {
  @Field(() => ID) id!: string;
  @Field() caseNumber!: string;
  @Field({ description: 'Short name of the LAW_ENFORCEMENT partner.' }) lawEnforcementPartner!: string;
  @Field() legalBasis!: string;
  @Field(() => CaseStatusEnum) status!: CaseStatus;
  @Field(() => [String], { description: 'LIAISON clients of that partner that hold access.' }) grantedClientIds!: string[];
  @Field(() => Int, { description: 'Grows each time evidence is added; an export names the revision it froze.' }) revision!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @Field(() => [CaseEvidence], { nullable: true, description: 'Only from case(id, purpose): each read is audited.' }) evidence!: CaseEvidence[] | null;
}

export const PoliceCaseConnection = ConnectionType(PoliceCase, 'PoliceCase');

@ObjectType({ description: 'A case bundle to hand over, and what proves it later.' })
export class CaseExportResult {
  @Field(() => JsonScalar, { description: 'A STIX 2.1 bundle: the evidence in referral order and the TLP definitions it uses.' }) bundle!: Record<string, unknown>;
  @Field({ description: 'Hex SHA-256 of the bundle’s RFC 8785 canonical JSON.' }) sha256!: string;
  @Field(() => Float, { description: 'The audit event (case.export) recording this export, its purpose and the hash.' }) auditSequence!: number;
}

@InputType()
export class CaseEvidenceFields {
  @Field(() => [ID], { nullable: true }) incidentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) noteIds?: string[] | null;
  @Field(() => [String], { nullable: true }) stixIds?: string[] | null;
}

@InputType()
export class CreateCaseInput extends CaseEvidenceFields {
  @Field() caseNumber!: string;
  @Field({ description: 'Short name of a LAW_ENFORCEMENT partner.' }) lawEnforcementPartner!: string;
  @Field({ description: 'Legal basis or reference (warrant, request number).' }) legalBasis!: string;
  @Field(() => [String]) grantedClientIds!: string[];
}

@InputType({ description: 'Change status or grants, or add evidence (never removed: it may already be in an export).' })
export class UpdateCaseInput extends CaseEvidenceFields {
  @Field(() => CaseStatusEnum, { nullable: true }) status?: CaseStatus | null;
  @Field(() => [String], { nullable: true }) grantedClientIds?: string[] | null;
}

@ArgsType()
export class CaseAccessArgs {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Why you access the case: required, recorded in the audit trail.' }) purpose?: string | null;
}

@ArgsType()
export class CasesArgs extends PageArgs {}
