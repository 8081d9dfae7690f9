import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import type { Connection } from '../../common/graphql/pagination';
import type { TlpLevel } from '../../policy';
import { NotesService, type NoteView } from '../notes.service';
import { AddNoteInput, IncidentNote, IncidentNoteConnection, NotesArgs } from './note.types';

function toNote(v: NoteView): IncidentNote {
  const r = v.row;
  return {
    id: r.id, incidentId: r.incidentId, inReplyTo: r.parentId, abstract: r.abstract, content: r.content, tlp: r.tlp as TlpLevel,
    authorPartner: v.authorPartner, stixId: r.stixId, createdAt: r.createdAt,
  };
}

@Resolver()
export class NotesResolver {
  constructor(private readonly service: NotesService) {}

  @Mutation(() => IncidentNote, { description: 'ANALYST: add a note (or a reply) to an incident you can see.' })
  @RequireRoles('ANALYST')
  async addNote(@Args('input') input: AddNoteInput, @CurrentActor() actor: Actor): Promise<IncidentNote> {
    return toNote(await this.service.add(actor, input));
  }

  @Query(() => IncidentNoteConnection, { description: 'Notes you may see on an incident you may see, newest first.' })
  async notes(@Args() args: NotesArgs, @CurrentActor() actor: Actor): Promise<Connection<IncidentNote>> {
    const page = await this.service.list(actor, args.incidentId, args.first, args.after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toNote(e.node) })) };
  }
}
