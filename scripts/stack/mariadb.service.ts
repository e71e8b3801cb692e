import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { aptInstall } from './apt';
import { StackProfile } from './profile';
import { run, which } from './proc';
import { serviceDir, StackService } from './service';

const SBIN = ['/usr/sbin', '/usr/bin', '/usr/local/sbin'];
const dataDirOf = (p: StackProfile) => join(serviceDir(p, 'mariadb'), 'data');

/** 5 s to connect: a single `status` probe on a loaded 2-core machine can take more than 1 s (up() polls anyway). */
async function connect(p: StackProfile) {
  return createConnection({ host: '127.0.0.1', port: p.mysql.port, user: p.mysql.user, password: p.mysql.password, connectTimeout: 5000 });
}

/** A private MariaDB instance with its own data directory (the system service is not used). */
export const mariadbService: StackService = {
  name: 'mariadb',
  port: (p) => p.mysql.port,

  async install(_p, say) {
    if (which('mariadbd', SBIN) && which('mariadb-install-db', SBIN)) return;
    aptInstall(['mariadb-server'], 'MariaDB', say);
    if (!which('mariadbd', SBIN)) throw new Error('apt-get finished but mariadbd is not installed');
  },

  async prepare(p) {
    if (existsSync(join(dataDirOf(p), 'mysql'))) return;
    mkdirSync(dataDirOf(p), { recursive: true });
    run(which('mariadb-install-db', SBIN)!, [
      '--no-defaults',
      `--datadir=${dataDirOf(p)}`,
      '--auth-root-authentication-method=normal',
      `--user=${userInfo().username}`,
      '--skip-test-db',
    ]);
  },

  command: (p) => ({
    command: which('mariadbd', SBIN)!,
    args: [
      '--no-defaults',
      `--datadir=${dataDirOf(p)}`,
      `--socket=${join(serviceDir(p, 'mariadb'), 'mariadb.sock')}`,
      `--pid-file=${join(serviceDir(p, 'mariadb'), 'mariadb.pid')}`,
      `--port=${p.mysql.port}`,
      '--bind-address=127.0.0.1',
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
      const connection = await connect(p);
      await connection.ping();
      await connection.end();
      return true;
    } catch {
      return false;
    }
  },

  async afterReady(p) {
    const connection = await connect(p);
    try {
      await connection.query(`CREATE DATABASE IF NOT EXISTS \`${p.mysql.database}\``);
    } finally {
      await connection.end();
    }
  },
};
