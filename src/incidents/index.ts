/** What other modules (cases) may use from incidents. */
export { IncidentsModule } from './incidents.module';
export { IncidentsService } from './incidents.service';
export { NotesService } from './notes.service';
export type { IncidentRow, NoteRow } from './incident.rows';
