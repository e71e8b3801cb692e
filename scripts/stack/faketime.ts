import { aptInstall, packageFile } from './apt';

let library: string | undefined;

/** libfaketime's preload library (Debian's `faketime` package), installed when missing. */
export function faketimeLibrary(say: (m: string) => void = () => undefined): string {
  library ??= packageFile('libfaketime', '/libfaketime.so.1');
  if (!library) {
    aptInstall(['faketime'], 'faketime (libfaketime)', say);
    library = packageFile('libfaketime', '/libfaketime.so.1');
  }
  if (!library) throw new Error('apt-get finished but libfaketime.so.1 is not installed');
  return library;
}

/**
 * The environment that runs a process with its wall clock `offsetSeconds` off (negative: behind), as
 * `faketime -f -30s <command>` would, but with the process itself as the child (signals reach it: the `faketime`
 * wrapper does not pass SIGTERM on). Only the wall clock: monotonic time, and so timers and timeouts, stay real.
 */
export function shiftedClockEnv(offsetSeconds: number): Record<string, string> {
  return {
    LD_PRELOAD: faketimeLibrary(),
    FAKETIME: `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}s`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}
