import { mkdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import { mariadbService, mysqlAdmin } from '../../scripts/stack/mariadb.service';
import { resolveProfile, StackProfile } from '../../scripts/stack/profile';
import { freePort, run, sleep, startDetached, stopProcess, which } from '../../scripts/stack/proc';
import { logFileOf } from '../../scripts/stack/service';

const tcp = (p: StackProfile, user: string, password: string) =>
  createConnection({ host: '127.0.0.1', port: p.mysql.port, user, password, connectTimeout: 5000 });

async function grantsOf(db: Connection): Promise<string[]> {
  const [rows] = await db.query<RowDataPacket[]>('SHOW GRANTS');
  return rows.map((r) => String(Object.values(r)[0]));
}

/**
 * A dev data directory made by an older stack (root with no password, over TCP too, with every privilege) comes
 * back from `up` with root through the socket only and the application's account: on MariaDB of its own (a free port,
 * a temp directory), beside the test stack.
 */
describe("the stack's MariaDB accounts", () => {
  let profile: StackProfile;
  let pid = 0;

  beforeAll(async () => {
    const dataDir = join(resolveProfile('test').dataDir + '-mariadb-accounts');
    rmSync(dataDir, { recursive: true, force: true });
    profile = resolveProfile('dev', { STACK_DATA_DIR: dataDir, MYSQL_PORT: String(await freePort()) });
    // What the older prepare() made: --auth-root-authentication-method=normal.
    const data = join(dataDir, 'mariadb', 'data');
    mkdirSync(data, { recursive: true });
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    run(which('mariadb-install-db', ['/usr/sbin', '/usr/bin'])!, [
      '--no-defaults',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      `--user=${userInfo().username}`,
      '--skip-test-db',
    ]);
    await mariadbService.prepare(profile); // leaves an existing data directory as it is
    const { command, args } = mariadbService.command(profile);
    pid = startDetached(command, args, logFileOf(profile, 'mariadb'));
    for (const deadline = Date.now() + 60_000; !(await mariadbService.ready(profile)); await sleep(250)) {
      if (Date.now() > deadline) throw new Error('MariaDB did not start');
    }
    const before = await tcp(profile, 'root', '');
    expect((await grantsOf(before)).join('\n')).toMatch(/GRANT ALL PRIVILEGES ON \*\.\*/);
    await before.end();
    await mariadbService.afterReady!(profile);
  }, 120_000);

  afterAll(async () => {
    if (pid) await stopProcess(pid);
    if (profile) rmSync(profile.dataDir, { recursive: true, force: true });
  });

  it('gives the application account DDL and DML on its database, and nothing global', async () => {
    const app = await tcp(profile, profile.mysql.user, profile.mysql.password);
    try {
      const grants = (await grantsOf(app)).join('\n');
      expect(grants).toMatch(/GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER ON `analytics`\.\*/);
      expect(grants).not.toMatch(/GRANT (?!USAGE)[A-Z ,]+ ON \*\.\*/);
      await app.query('CREATE TABLE analytics.t (id INT PRIMARY KEY)');
      await app.query('INSERT INTO analytics.t VALUES (1)');
      await expect(app.query('CREATE DATABASE other_db')).rejects.toThrow(/Access denied/);
      await expect(app.query("SELECT LOAD_FILE('/etc/passwd') AS f")).resolves.toEqual([[{ f: null }], expect.anything()]);
      await expect(app.query('SET GLOBAL max_connections = 10')).rejects.toThrow(/SUPER|Access denied/);
    } finally {
      await app.end();
    }
  });

  it("keeps CONTRACT.md's default (root, empty password, over TCP) as an account with only those rights", async () => {
    const contract = await tcp(profile, 'root', '');
    try {
      const grants = (await grantsOf(contract)).join('\n');
      expect(grants).not.toMatch(/GRANT (?!USAGE)[A-Z ,]+ ON \*\.\*|PROXY|WITH GRANT OPTION/);
      await expect(contract.query('CREATE USER x@localhost')).rejects.toThrow(/Access denied/);
    } finally {
      await contract.end();
    }
  });

  it('lets root in through the unix socket only', async () => {
    const admin = await mysqlAdmin(profile);
    const [rows] = await admin.query<RowDataPacket[]>("SELECT Host AS host, plugin FROM mysql.user WHERE User = 'root' ORDER BY Host");
    await admin.end();
    expect(rows).toEqual([
      { host: '127.0.0.1', plugin: 'mysql_native_password' }, // the CONTRACT.md account above
      { host: 'localhost', plugin: 'unix_socket' },
    ]);
  });

  it('is idempotent: a second afterReady (every up) leaves the accounts as they are, and they still log in', async () => {
    const accounts = async () => {
      const admin = await mysqlAdmin(profile);
      const [rows] = await admin.query<RowDataPacket[]>(
        'SELECT User, Host, plugin, authentication_string FROM mysql.user ORDER BY User, Host',
      );
      await admin.end();
      return rows;
    };
    const before = await accounts();
    await mariadbService.afterReady!(profile);
    expect(await accounts()).toEqual(before);
    const app = await tcp(profile, profile.mysql.user, profile.mysql.password);
    await expect(app.query('SELECT 1 AS one')).resolves.toEqual([[{ one: 1 }], expect.anything()]);
    await app.end();
  });
});
