import { existsSync } from 'node:fs';
import { run, which } from './proc';

/**
 * Installs Debian packages as root, or through `sudo -n` (never a password prompt). `--no-upgrade`: a package that
 * is already installed is left as it is, so the stack never upgrades a system Java under running programs.
 */
export function aptInstall(packages: string[], what: string, say: (m: string) => void): void {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (!which('apt-get'))
    throw new Error(`${what} is missing and this machine has no apt-get: install it yourself (${command} on Debian/Ubuntu)`);
  const root = process.getuid?.() === 0;
  if (!root && !which('sudo')) throw new Error(`${what} is missing and installing it needs root or sudo: ${command}`);
  const prefix = root ? [] : ['sudo', '-n'];
  const apt = (args: string[]) => {
    const [program, ...rest] = [...prefix, 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args];
    try {
      run(program, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (err) {
      const hint = root ? '' : ` (sudo -n needs a sudo rule without a password; or run: sudo ${command})`;
      throw new Error(`${(err as Error).message}${hint}`);
    }
  };
  say(`installing ${what} from Debian packages: ${command} (first run only)`);
  const install = ['install', '-y', '--no-install-recommends', '--no-upgrade', ...packages];
  try {
    apt(install);
  } catch {
    apt(['update']);
    apt(install);
  }
}

/**
 * Where an installed Debian package put a file ending with `suffix` (`/bin/java`), from dpkg's own list; undefined
 * when the package is not installed (dpkg-query exits 1) or the machine has no dpkg.
 */
export function packageFile(pkg: string, suffix: string): string | undefined {
  let listed: string;
  try {
    listed = run('dpkg-query', ['-L', pkg]);
  } catch {
    return undefined;
  }
  return listed.split('\n').find((f) => f.endsWith(suffix) && existsSync(f));
}
