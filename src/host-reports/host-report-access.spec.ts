import { canSeeOwned, ownedSql, type HostReportViewer } from './host-report-access';

const ISP_A = '00000000-0000-4000-8000-00000000000a';
const ISP_B = '00000000-0000-4000-8000-00000000000b';

describe('host report ownership rule', () => {
  const home: HostReportViewer = { home: true, active: true, partnerId: 'h' };
  const ispA: HostReportViewer = { home: false, active: true, partnerId: ISP_A };

  it('lets HOME see all, the unrouted queue included, and an owner only its own', () => {
    expect([ISP_A, ISP_B, null].map((owner) => canSeeOwned(home, owner))).toEqual([true, true, true]);
    expect([ISP_A, ISP_B, null].map((owner) => canSeeOwned(ispA, owner))).toEqual([true, false, false]);
  });

  it('shows a suspended viewer nothing, HOME included', () => {
    expect(canSeeOwned({ ...home, active: false }, ISP_A)).toBe(false);
    expect(canSeeOwned({ ...ispA, active: false }, ISP_A)).toBe(false);
    expect(ownedSql({ ...home, active: false }, 'r.owner_partner_id', [])).toBe('FALSE');
  });

  it('writes the same rule as SQL with the partner id as a parameter', () => {
    const params: unknown[] = ['x'];
    expect(ownedSql(ispA, 'r.owner_partner_id', params)).toBe('r.owner_partner_id = $2::uuid');
    expect(params).toEqual(['x', ISP_A]);
    expect(ownedSql(home, 'r.owner_partner_id', [])).toBe('TRUE');
  });
});
