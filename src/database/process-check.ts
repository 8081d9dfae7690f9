import { readFileSync } from 'node:fs';

/**
 * Whether process `pid` is alive and is the named program, read from /proc so that a recycled pid of
 * something else is not mistaken for it. `undefined` when it is alive but /proc cannot tell (macOS):
 * the caller decides how far to trust a pid file there.
 */
export function runsProgram(pid: number, program: string): boolean | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program);
  } catch {
    return undefined;
  }
}
