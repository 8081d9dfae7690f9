import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives defaults for an empty environment, frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', databaseUrl: undefined, nodeEnv: 'development', logLevel: 'info', embeddedPostgresSharedBuffers: '512MB' });
    expect(config.dataDir).toMatch(/\.data$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['PORT', 'abc', 'PORT: must be a whole number (got "abc")'],
    ['PORT', '70000', 'PORT: must be between 0 and 65535 (got 70000)'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['DATABASE_URL', 'mysql://x@y/z', 'DATABASE_URL: must start with postgres:// (got "mysql://")'],
    ['DATABASE_URL', 'not a url', 'DATABASE_URL: is not a URL (expected postgres://user@host:port/database)'],
    ['DATABASE_URL', 'postgres://x@y:5432', 'DATABASE_URL: must name a database'],
    ['NODE_ENV', 'staging', 'NODE_ENV: must be one of development, production, test (got "staging")'],
    ['EMBEDDED_POSTGRES_SHARED_BUFFERS', '512', 'EMBEDDED_POSTGRES_SHARED_BUFFERS: must be a size such as 512MB: a whole number and kB, MB or GB (got "512")'],
    ['EMBEDDED_POSTGRES_SHARED_BUFFERS', '1GB; DROP', 'EMBEDDED_POSTGRES_SHARED_BUFFERS: must be a size such as 512MB: a whole number and kB, MB or GB (got "1GB; DROP")'],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(name, message.slice(name.length + 2)));
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('accepts a postgres URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
  });
});
