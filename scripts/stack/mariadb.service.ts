import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import { aptInstall } from './apt';
import { StackProfile } from './profile';
import { run, which } from './proc';
import { serviceDir, StackService } from './service';

const SBIN = ['/usr/sbin', '/usr/bin', '/usr/local/sbin'];
const dataDirOf = (p: StackProfile) => join(serviceDir(p, 'mariadb'), 'data');

/**
 * What the application's account may do on its databases: the migrations' DDL and the projections' DML. No FILE,
 * no PROCESS, no SUPER, no GRANT OPTION, nothing global.
 */
export const APP_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'INDEX', 'DROP', 'REFERENCES'] as const;

/**
 * The administrator's connection: through the unix socket, as the OS user that runs the stack (unix_socket
 * authentication). A data directory made by an older stack (root with an empty password) is reached as root with no
 * password, through the same socket, until afterReady() has moved it over. 5 s to connect: a probe on a loaded
 * 2-core machine can take more than 1 s.
 */
export async function mysqlAdmin(p: StackProfile, database?: string): Promise<Connection> {
  const osUser = userInfo().username;
  const attempt = (user: string) => createConnection({ socketPath: p.mysql.socket, user, password: '', database, connectTimeout: 5000 });
  try {
    return await attempt(osUser);
  } catch (err) {
    if (osUser === 'root' || (err as { code?: string }).code !== 'ER_ACCESS_DENIED_ERROR') throw err;
    return attempt('root');
  }
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const account = (user: string, host: string) => `${quote(user)}@${quote(host)}`;

/** SHOW GRANTS lines as `<scope> <privileges, sorted>` (the USAGE line, which holds no privilege, left out). */
function grantsOf(lines: string[]): string[] {
  return lines
    .map((line) => /^GRANT (.+?) ON (\S+) TO /.exec(line))
    .filter((m): m is RegExpExecArray => !!m && m[1] !== 'USAGE')
    .map((m) => `${m[2]} ${m[1]!.split(', ').sort().join(',')}`)
    .sort();
}

/**
 * Creates (or brings back in line) one application account over TCP from 127.0.0.1: its password, and exactly the
 * APP_PRIVILEGES on the databases `grantOn` matches. Idempotent: an account already right is left alone, so the
 * connections of apps running on it are never refused while `up` runs.
 */
async function ensureAppAccount(admin: Connection, p: StackProfile, user: string, password: string): Promise<void> {
  const who = account(user, '127.0.0.1');
  await admin.query(`CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY ${quote(password)}`);
  await admin.query(`ALTER USER ${who} IDENTIFIED BY ${quote(password)}`);
  const [rows] = await admin.query<RowDataPacket[]>(`SHOW GRANTS FOR ${who}`);
  const held = grantsOf(rows.map((r) => String(Object.values(r)[0])));
  const wanted = `\`${p.mysql.grantOn}\`.* ${[...APP_PRIVILEGES].sort().join(',')}`;
  if (held.length === 1 && held[0] === wanted) return;
  // Anything else (an older stack's root@127.0.0.1 held ALL, GRANT OPTION and PROXY, which REVOKE ALL keeps): anew.
  await admin.query(`DROP USER ${who}`);
  await admin.query(`CREATE USER ${who} IDENTIFIED BY ${quote(password)}`);
  await admin.query(`GRANT ${APP_PRIVILEGES.join(', ')} ON \`${p.mysql.grantOn}\`.* TO ${who}`);
}

/**
 * Root (and the OS user running the stack) through the socket only; every other root account (root@127.0.0.1,
 * root@::1, root@<hostname> that older stacks made with no password) and anonymous accounts go. The dev profile's
 * CONTRACT.md account `root`@`127.0.0.1` is made again by ensureAppAccount, with the application's rights only.
 */
async function lockAdminToSocket(admin: Connection, appUsers: string[]): Promise<void> {
  const osUser = userInfo().username;
  for (const user of new Set(['root', osUser])) {
    await admin.query(`CREATE USER IF NOT EXISTS ${account(user, 'localhost')} IDENTIFIED VIA unix_socket`);
    await admin.query(`ALTER USER ${account(user, 'localhost')} IDENTIFIED VIA unix_socket`);
    await admin.query(`GRANT ALL PRIVILEGES ON *.* TO ${account(user, 'localhost')} WITH GRANT OPTION`);
  }
  const [others] = await admin.query<RowDataPacket[]>(
    "SELECT User AS user, Host AS host FROM mysql.user WHERE (User = 'root' AND Host <> 'localhost') OR User = ''",
  );
  for (const { user, host } of others as Array<{ user: string; host: string }>) {
    // Left to ensureAppAccount, which keeps it when it is already right (apps may be connected on it).
    if (host === '127.0.0.1' && appUsers.includes(user)) continue;
    await admin.query(`DROP USER ${account(user, host)}`);
  }
}

/** A private MariaDB instance with its own data directory (the system service is not used). */
export const mariadbService: StackService = {
  name: 'mariadb',
  port: (p) => p.mysql.port,
  listens: (p) => [p.mysql.port],

  async install(_p, say) {
    if (which('mariadbd', SBIN) && which('mariadb-install-db', SBIN)) return;
    aptInstall(['mariadb-server'], 'MariaDB', say);
    if (!which('mariadbd', SBIN)) throw new Error('apt-get finished but mariadbd is not installed');
  },

  async prepare(p) {
    if (existsSync(join(dataDirOf(p), 'mysql'))) return;
    mkdirSync(dataDirOf(p), { recursive: true });
    // root (and the OS user) by unix_socket only; afterReady() adds the application's account.
    run(which('mariadb-install-db', SBIN)!, [
      '--no-defaults',
      `--datadir=${dataDirOf(p)}`,
      '--auth-root-authentication-method=socket',
      `--user=${userInfo().username}`,
      '--skip-test-db',
    ]);
  },

  command: (p) => ({
    command: which('mariadbd', SBIN)!,
    args: [
      '--no-defaults',
      `--datadir=${dataDirOf(p)}`,
      `--socket=${p.mysql.socket}`,
      `--pid-file=${join(serviceDir(p, 'mariadb'), 'mariadb.pid')}`,
      `--port=${p.mysql.port}`,
      '--bind-address=127.0.0.1',
      // A TCP client is 127.0.0.1, never 'localhost': the socket-only root accounts can never match it.
      '--skip-name-resolve',
      `--user=${userInfo().username}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-buffer-pool-size=256M',
      '--max-connections=500',
      // The throw-away test instance trades crash durability for speed; the dev one keeps the defaults.
      ...(p.ephemeral ? ['--innodb-flush-log-at-trx-commit=2'] : []),
    ],
  }),
  fingerprint: (p) => dataDirOf(p),

  async ready(p) {
    try {
      const connection = await mysqlAdmin(p);
      await connection.ping();
      await connection.end();
      return true;
    } catch {
      return false;
    }
  },

  /** The database, the application's account(s), and root through the socket only (also migrates older data dirs). */
  async afterReady(p) {
    const admin = await mysqlAdmin(p);
    try {
      await admin.query(`CREATE DATABASE IF NOT EXISTS \`${p.mysql.database}\``);
      const accounts = [{ user: p.mysql.user, password: p.mysql.password }];
      if (p.mysql.contractRoot && p.mysql.user !== 'root') accounts.push({ user: 'root', password: '' });
      await lockAdminToSocket(
        admin,
        accounts.map((a) => a.user),
      );
      for (const { user, password } of accounts) await ensureAppAccount(admin, p, user, password);
    } finally {
      await admin.end();
    }
  },
};
