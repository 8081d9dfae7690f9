import type { Channel } from '../common/request-context';

/**
 * Every action the audit trail knows. record() refuses others and search() rejects them as bad input,
 * so a typo cannot create an event nobody will ever find. Add new actions here, `domain.verb`.
 */
export const AUDIT_ACTIONS = [
  'auth.token',
  'auth.denied',
  'auth.rate-limited',
  'access.denied',
  'signing-key.rotate',
  'stix.submit',
  'stix.read',
  'stix.search',
  'stix.revoke',
  'stix.subscribe',
  'case.create',
  'case.update',
  'case.pull',
  'case.export',
  'incident.create',
  'incident.update',
  'incident.note',
  'incident.transition',
  'incident.link',
  'case.read',
  'advisory.publish',
  'incident.read',
  'host-report.create',
  'host-report.route',
  'host-report.import',
  'host-report.set-status',
  'host-report.digest',
  'host-report.reroute',
  'host-network.add',
  'host-network.remove',
  'host-feed.create',
  'host-feed.update',
  'partner.create',
  'partner.update',
  'partner.set-trust',
  'partner.suspend',
  'partner.reactivate',
  'client.create',
  'client.revoke',
  'client.rotate-secret',
  'client.suspend',
  'client.reactivate',
  'client.set-roles',
  'client.set-keys',
  'taxii-collection.create',
  'taxii-collection.update',
  'taxii-collection.delete',
  'sync.pull',
  'sync.push',
  'sync.run',
  'sync.quarantine',
  'peer.create',
  'peer.update',
  'peer.remove',
  'audit.verify',
  'audit.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['ok', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_CHANNELS: readonly Channel[] = ['graphql', 'taxii', 'sync', 'cli', 'http', 'system'];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
