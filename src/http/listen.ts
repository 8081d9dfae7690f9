import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { StartupError } from '../common/errors/startup-error';

/** Listens, turning the usual socket failures into one line that names the variable to change. */
export async function listen(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${port} on ${host} is already in use (PORT)`);
    if (code === 'EACCES') throw new StartupError(`not allowed to listen on port ${port} (PORT)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartupError(`cannot listen on host ${host} (HOST)`);
    throw error;
  }
}
