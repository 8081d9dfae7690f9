import { anActor, ME } from '../../test/policy/policy-factories';
import { actorSessionSettings, rlsPolicyExpression, rlsPolicyStatements } from './rls-policy';
import { visibleToSql, visibleToWhere } from './visible-to-sql';

const NASTY = `x'); DROP TABLE objects; --`;

describe('visibleToSql', () => {
  it('folds a suspended actor to FALSE and the home CERT to TRUE', () => {
    expect(visibleToSql(anActor({ active: false, partnerKind: 'HOME' }), 'o')).toEqual({ sql: 'FALSE', params: [] });
    expect(visibleToSql(anActor({ partnerKind: 'HOME' }), 'o')).toEqual({ sql: 'TRUE', params: [] });
  });

  it('numbers its parameters after the caller’s and passes the actor only as parameters', () => {
    const actor = anActor({ trust: 'COMMUNITY', groups: [NASTY, 'a"b{c},d\\e'] });
    const { sql, params } = visibleToSql(actor, 'o', 3, 'GREEN');
    expect(sql).toMatch(/\$4\b/);
    expect(sql).toMatch(/\$7\b/);
    expect(sql).not.toMatch(/\$[1-3]\b|\$8/);
    expect(sql).not.toContain(ME);
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain('COMMUNITY');
    expect(params).toEqual([ME, 'GREEN', ['CLEAR', 'GREEN'], [NASTY, 'a"b{c},d\\e']]);
    expect(sql).toContain('o.owner_partner_id');
  });

  it('copies the groups so a later change to the actor cannot alter a built query', () => {
    const groups = ['APCERT'];
    const { params } = visibleToSql(anActor({ groups }), 'o');
    groups.push('FIRST');
    expect(params[3]).toEqual(['APCERT']);
  });

  it.each(['o.x', 'o; DROP', '"o"', '', '1o'])('rejects the alias %j', (alias) => {
    expect(() => visibleToSql(anActor(), alias)).toThrow(/plain SQL identifier/);
  });

  it('rejects a bad parameter offset', () => {
    expect(() => visibleToSql(anActor(), 'o', -1)).toThrow(/paramOffset/);
  });

  it('has a named-parameter form for TypeORM query builders, with the same condition', () => {
    const { where, parameters } = visibleToWhere(anActor(), 'obj', 'AMBER');
    expect(where).toContain(':cx_policy_obj_0');
    expect(where).not.toContain('::'); // TypeORM would read `::uuid` as a parameter named uuid
    expect(parameters).toEqual({ cx_policy_obj_0: ME, cx_policy_obj_1: 'AMBER', cx_policy_obj_2: ['CLEAR', 'GREEN', 'AMBER'], cx_policy_obj_3: ['APCERT'] });
  });
});

describe('rlsPolicyExpression and actorSessionSettings', () => {
  it('reads the actor from settings only: no parameters, bare or aliased columns', () => {
    const bare = rlsPolicyExpression();
    expect(bare).not.toMatch(/\$\d/);
    expect(bare).toContain("current_setting('cx.partner_id', true)");
    expect(bare).toMatch(/\(owner_partner_id =/);
    expect(rlsPolicyExpression('t')).toContain('t.audience_groups &&');
    expect(() => rlsPolicyExpression('t; --')).toThrow();
  });

  it('builds the migration statements for a table', () => {
    expect(rlsPolicyStatements('incidents')).toEqual([
      'ALTER TABLE incidents ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY incidents_visible ON incidents FOR SELECT TO cx_app USING (${rlsPolicyExpression()})`,
    ]);
    expect(() => rlsPolicyStatements('x; DROP TABLE y')).toThrow();
  });

  it('sets the actor transaction-locally, values as parameters', () => {
    const { sql, params } = actorSessionSettings(anActor({ groups: [NASTY], active: false }), 'RED');
    expect(sql.match(/set_config\(/g)).toHaveLength(6);
    expect(sql.match(/, true\)/g)).toHaveLength(6); // is_local: SET LOCAL semantics
    expect(sql).not.toContain('DROP');
    expect(params).toEqual([ME, 'CERT', 'TRUSTED', [NASTY], 'false', 'RED']);
  });
});
