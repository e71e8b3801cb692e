import { aptInstall } from './apt';
import { which } from './proc';

/**
 * Debian's `faketime` (libfaketime), installed when missing: the clock tests run a backend with its clock shifted
 * (`faketime -f -5s node ...`). Returns the command's path.
 */
export function ensureFaketime(say: (m: string) => void = () => undefined): string {
  const found = which('faketime');
  if (found) return found;
  aptInstall(['faketime'], 'faketime (libfaketime)', say);
  const installed = which('faketime');
  if (!installed) throw new Error('apt-get finished but faketime is not on PATH');
  return installed;
}

/**
 * The command and arguments that run `command args` with its wall clock `offsetSeconds` off (negative: behind).
 * Only the wall clock: FAKETIME_DONT_FAKE_MONOTONIC keeps timers and timeouts working (see `faketimeEnv`).
 */
export function withShiftedClock(offsetSeconds: number, command: string, args: string[]): [string, string[]] {
  const offset = `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}s`;
  return [ensureFaketime(), ['-f', offset, command, ...args]];
}

export const faketimeEnv = { FAKETIME_DONT_FAKE_MONOTONIC: '1' };
