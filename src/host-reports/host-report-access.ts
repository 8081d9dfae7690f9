import type { Actor } from '../auth/actor';

/**
 * The ownership rule of host reports and networks, in memory and as SQL (the migration's RLS policies say
 * the same a third time): HOME sees everything, the UNROUTED queue included; an active owner sees the
 * rows routed to it; everybody else sees nothing. `home` comes from PolicyService.isHome.
 */
export interface HostReportViewer {
  readonly home: boolean;
  readonly active: boolean;
  readonly partnerId: string;
}

export function viewerOf(actor: Actor, home: boolean): HostReportViewer {
  return { home, active: actor.active, partnerId: actor.partnerId };
}

export function canSeeOwned(viewer: HostReportViewer, ownerPartnerId: string | null): boolean {
  return viewer.active && (viewer.home || (ownerPartnerId !== null && ownerPartnerId === viewer.partnerId));
}

/** The same rule as a WHERE condition on `column`; appends its parameters to `params`. */
export function ownedSql(viewer: HostReportViewer, column: string, params: unknown[]): string {
  if (!viewer.active) return 'FALSE';
  if (viewer.home) return 'TRUE';
  params.push(viewer.partnerId);
  return `${column} = $${params.length}::uuid`;
}
