import { MongoClient, Db } from 'mongodb';
import { createPool, Pool, RowDataPacket } from 'mysql2/promise';

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

export async function rows<T = Record<string, unknown>>(pool: Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result as T[];
}
