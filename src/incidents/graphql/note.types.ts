import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ConnectionType, PageArgs } from '../../common/graphql/pagination';
import type { TlpLevel } from '../../policy';
import { TlpLevelEnum } from '../../stix/graphql/stix.types';
import { SharingFields } from './incident.types';

@ObjectType({ description: 'A note on an incident, also a STIX note whose object_refs names the incident.' })
export class IncidentNote {
  @Field(() => ID) id!: string;
  @Field(() => ID) incidentId!: string;
  @Field(() => ID, { nullable: true, description: 'The note this one answers.' }) inReplyTo!: string | null;
  @Field(() => String, { nullable: true }) abstract!: string | null;
  @Field() content!: string;
  @Field(() => TlpLevelEnum) tlp!: TlpLevel;
  @Field(() => String, { nullable: true, description: 'Short name of the partner that wrote it.' }) authorPartner!: string | null;
  @Field() stixId!: string;
  @Field() createdAt!: Date;
}

export const IncidentNoteConnection = ConnectionType(IncidentNote, 'IncidentNote');

@InputType({ description: 'Marking defaults to what the note answers; it may be stricter, never looser.' })
export class AddNoteInput extends SharingFields {
  @Field(() => ID) incidentId!: string;
  @Field() content!: string;
  @Field(() => String, { nullable: true }) abstract?: string | null;
  @Field(() => ID, { nullable: true }) inReplyTo?: string | null;
}

@ArgsType()
export class NotesArgs extends PageArgs {
  @Field(() => ID) incidentId!: string;
}
