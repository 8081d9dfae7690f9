import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { anActor, aRow, ME } from '../../test/policy/policy-factories';
import { PolicyModule } from './policy.module';
import { PolicyService } from './policy.service';
import { POLICY_DEFAULT_TLP } from './policy.tokens';

async function serviceFrom(module: ReturnType<typeof PolicyModule.forRoot>): Promise<PolicyService> {
  const app = await NestFactory.createApplicationContext(module, { logger: false });
  const service = app.get(PolicyService);
  await app.close();
  return service;
}

describe('PolicyModule', () => {
  it('provides PolicyService with AMBER as the default marking', async () => {
    const service = await serviceFrom(PolicyModule.forRoot());
    expect(service.defaultTlp).toBe('AMBER');
    expect(service.canSee(anActor({ trust: 'COMMUNITY' }), aRow({ tlp: null }))).toBe(false);
  });

  it('takes the default marking from its options, through the exported token', async () => {
    const app = await NestFactory.createApplicationContext(PolicyModule.forRoot({ defaultTlp: 'GREEN' }), { logger: false });
    expect(app.get(POLICY_DEFAULT_TLP)).toBe('GREEN');
    const service = app.get(PolicyService);
    expect(service.canSee(anActor({ trust: 'COMMUNITY' }), aRow({ tlp: null }))).toBe(true);
    expect(service.visibleTo(anActor(), 'o').params[1]).toBe('GREEN');
    expect(service.sessionSettings(anActor()).params[5]).toBe('GREEN');
    await app.close();
  });

  it('refuses a default that is not a TLP 2.0 level', () => {
    expect(() => PolicyModule.forRoot({ defaultTlp: 'WHITE' as never })).toThrow(/default TLP must be one of CLEAR, GREEN, AMBER, AMBER\+STRICT, RED/);
  });
});

describe('PolicyService', () => {
  const policy = new PolicyService('AMBER');

  it('answers NOT_FOUND alike for a missing and an invisible object', () => {
    const missing = (): void => policy.assertCanSee(anActor(), null, 'Incident', 'i-1');
    const hidden = (): void => policy.assertCanSee(anActor(), aRow({ tlp: 'RED' }), 'Incident', 'i-1');
    expect(missing).toThrow(new AppError(ErrorCode.NOT_FOUND, 'Incident i-1 not found'));
    expect(hidden).toThrow(new AppError(ErrorCode.NOT_FOUND, 'Incident i-1 not found'));
    expect(() => policy.assertCanSee(anActor(), aRow({ tlp: 'RED', audiencePartners: [ME] }), 'Incident', 'i-1')).not.toThrow();
  });

  it('requires any one of the roles, naming them, and none for a suspended actor', () => {
    expect(() => policy.requireRole(anActor({ roles: ['READER'] }), 'ADMIN', 'ANALYST')).toThrow(/requires the role ADMIN or ANALYST/);
    expect(() => policy.requireRole(anActor({ roles: ['ANALYST'] }), 'ADMIN', 'ANALYST')).not.toThrow();
    expect(() => policy.requireRole(anActor({ roles: ['ADMIN'], active: false }), 'ADMIN')).toThrow(/requires the role ADMIN/);
    expect(() => policy.requireRole(anActor({ roles: [] }), 'LIAISON')).toThrow(expect.objectContaining({ code: ErrorCode.FORBIDDEN }));
  });

  it('knows the home CERT, only while active', () => {
    expect(policy.isHome(anActor({ partnerKind: 'HOME' }))).toBe(true);
    expect(policy.isHome(anActor({ partnerKind: 'HOME', active: false }))).toBe(false);
    expect(policy.isHome(anActor({ partnerKind: 'GOVERNMENT' }))).toBe(false);
  });

  it('redacts and checks sharing changes with the same rules as the pure functions', () => {
    const row = { ...aRow(), contact: 'x' };
    expect(policy.redact(anActor(), row, ['contact']).redactedPaths).toEqual(['contact']);
    expect(() => policy.assertCanChangeSharing(anActor(), aRow(), aRow({ tlp: 'CLEAR' }))).toThrow(AppError);
  });
});
