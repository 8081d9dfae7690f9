export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from './audit-actions';
export type { AuditActor, AuditAnchor, AuditEvent, AuditEventInput, AuditFilter, ChainBreak, VerifyResult } from './audit-event.types';
export { AUDIT_ANCHOR_INTERVAL_MS, AUDIT_OPTIONS, DEFAULT_AUDIT_ANCHOR_INTERVAL_MS, type AuditOptions } from './audit.options';
export { AuditRecordError, MAX_DETAILS_BYTES, MAX_TARGETS } from './details-sanitiser';
