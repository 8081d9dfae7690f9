import { readFileSync } from 'node:fs';
import { AuditService } from '../../audit/audit.service';
import { TokenService } from '../../auth/token.service';
import { SigningKeysService } from '../../auth/signing-keys.service';
import { ClientsService } from '../../partners/clients.service';
import { CliUsageError, requireOption, requirePositional, type CliCommand } from '../cli-command';

function readJwks(file: string | undefined): { keys: Record<string, unknown>[] } | undefined {
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`--jwks ${file}: ${(error as Error).message}`);
  }
}

export const clientCommands: CliCommand[] = [
  {
    name: 'client:create',
    usage: 'client:create --partner SHORT --roles ROLE[,ROLE] [--label TEXT] [--jwks FILE [--key-only]]',
    options: { partner: { type: 'string' }, roles: { type: 'string' }, label: { type: 'string' }, jwks: { type: 'string' }, 'key-only': { type: 'boolean' } },
    async run(app, args) {
      const { client, clientSecret } = await app.get(ClientsService).create(
        {
          partnerShortName: requireOption(args, 'partner'),
          roles: requireOption(args, 'roles').split(',').map((r) => r.trim().toUpperCase()),
          label: args.options.label as string | undefined,
          jwks: readJwks(args.options.jwks as string | undefined),
          keyOnly: args.options['key-only'] === true,
        },
        null,
      );
      return { client_id: client.clientId, client_secret: clientSecret ?? null };
    },
    describe: (r) => `client_id:     ${r.client_id}\nclient_secret: ${r.client_secret ?? '(none: private_key_jwt only)'}\nThe secret is shown once; store it now.`,
  },
  {
    name: 'client:rotate',
    usage: 'client:rotate CLIENT_ID',
    async run(app, args) {
      const { client, clientSecret } = await app.get(ClientsService).rotateSecret(requirePositional(args, 0, 'CLIENT_ID'), null);
      return { client_id: client.clientId, client_secret: clientSecret ?? null, previous_secret_valid_until: client.previousSecretExpiresAt?.toISOString() ?? null };
    },
    describe: (r) => `client_id:     ${r.client_id}\nclient_secret: ${r.client_secret}\nThe previous secret works until ${r.previous_secret_valid_until ?? 'now (there was none)'}.`,
  },
  {
    name: 'client:suspend',
    usage: 'client:suspend CLIENT_ID',
    async run(app, args) {
      const client = await app.get(ClientsService).suspend(requirePositional(args, 0, 'CLIENT_ID'), null);
      return { client_id: client.clientId, status: client.status };
    },
  },
  {
    name: 'token',
    usage: 'token CLIENT_ID   (prints an access token, for scripts)',
    async run(app, args) {
      const clientId = requirePositional(args, 0, 'CLIENT_ID');
      const client = await app.get(ClientsService).findByClientId(clientId);
      if (!client || client.status !== 'ACTIVE') throw new CliUsageError(`client ${clientId} not found or suspended`);
      const token = await app.get(TokenService).issue(client.clientId, client.partnerId);
      await app.get(AuditService).recordStandalone({ action: 'auth.token', outcome: 'ok', actor: { clientId: client.clientId, partnerId: client.partnerId }, targetIds: [client.clientId], details: { method: 'cli', expiresIn: token.expires_in } });
      return { ...token };
    },
    describe: (r) => String(r.access_token),
  },
  {
    name: 'keys:rotate',
    usage: 'keys:rotate   (new token signing key; the old one stays published until its tokens expire)',
    async run(app) {
      return { kid: await app.get(SigningKeysService).rotate() };
    },
  },
];
