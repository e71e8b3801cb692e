import { MongoClient, Db } from 'mongodb';
import { Connection, createPool, Pool, RowDataPacket } from 'mysql2/promise';
import { mysqlAdmin } from '../../scripts/stack/mariadb.service';
import { resolveProfile } from '../../scripts/stack/profile';

/** Direct access to the test MongoDB (FerretDB), to assert stored documents. */
export async function testMongo(): Promise<{ db: Db; close: () => Promise<void> }> {
  const client = new MongoClient(process.env.MONGODB_URI!);
  await client.connect();
  return { db: client.db(), close: () => client.close() };
}

/** A pool on the test MySQL (MariaDB) database, to assert read-model rows. */
export function testMysql(database = process.env.MYSQL_DATABASE!): Pool {
  return createPool({
    host: process.env.MYSQL_HOST,
    port: Number(process.env.MYSQL_PORT),
    user: process.env.MYSQL_USER,
    password: process.env.MYSQL_PASSWORD,
    database,
    connectionLimit: 4,
    dateStrings: true,
  });
}

/**
 * The test MariaDB's administrator (root through its unix socket), for what the application's account may not do:
 * accounts, triggers, other sessions. On `database` when given. End it after use.
 */
export function testMysqlAdmin(database?: string): Promise<Connection> {
  return mysqlAdmin(resolveProfile('test'), database);
}

export async function rows<T = Record<string, unknown>>(pool: Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result as T[];
}
