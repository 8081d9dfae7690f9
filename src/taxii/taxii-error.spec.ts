import { AppError, ErrorCode } from '../common/errors/app-error';
import { basicCredentials } from './taxii-auth.service';
import { TaxiiError, toTaxiiError } from './taxii-error';

describe('TAXII error messages', () => {
  it('have the TAXII 2.1 shape, http_status as a string', () => {
    expect(new TaxiiError(403, 'no access to collection x').body('req-1')).toEqual({ title: 'Forbidden', description: 'no access to collection x', error_id: 'req-1', http_status: '403' });
  });

  it('keep the store’s own rules and statuses', () => {
    expect(toTaxiiError(AppError.forbidden('only the creator of an object may revoke it')).error.body()).toEqual({
      title: 'Forbidden',
      description: 'only the creator of an object may revoke it',
      http_status: '403',
    });
    expect(toTaxiiError(AppError.notFound('STIX object', 'indicator--x')).error.status).toBe(404);
    expect(toTaxiiError(new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'bundle holds 6000 objects')).error.status).toBe(413);
    expect(toTaxiiError(AppError.badInput('an object without modified (an SCO) cannot be revoked')).error.status).toBe(400);
    expect(toTaxiiError(AppError.invalid([{ path: '$.objects', message: 'must be a list' }])).error.status).toBe(422);
  });

  it('turn Fastify’s request errors into TAXII ones and hide everything else', () => {
    expect(toTaxiiError(Object.assign(new Error('Request body is too large'), { statusCode: 413 }))).toMatchObject({ internal: false, error: { status: 413 } });
    const hidden = toTaxiiError(new Error('duplicate key value violates unique constraint "secret_table"'));
    expect(hidden.internal).toBe(true);
    expect(hidden.error.body()).toEqual({ title: 'Internal Server Error', description: 'internal server error', http_status: '500' });
  });
});

describe('HTTP Basic credentials', () => {
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

  it('splits at the first colon, so a secret may hold colons', () => {
    expect(basicCredentials(basic('client-1:se:cr%et'))).toEqual({ id: 'client-1', secret: 'se:cr%et' });
  });

  it.each([undefined, 'Bearer abc', 'Basic !!!', basic('no-colon'), basic(':secret-without-id')])('refuses %p', (header) => {
    expect(basicCredentials(header)).toBeUndefined();
  });
});
