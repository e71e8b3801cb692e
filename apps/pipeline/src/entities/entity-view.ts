import { isTopic, Topic } from '@app/kafka';
import { BadRequestException, Controller, Get, Inject, OnApplicationShutdown, Param } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { createPool, Pool } from 'mysql2/promise';
// The contract's derivation of the read model from a MongoDB document, kept with the tests for now (the reconcile work moves it).
import { expectedReadModel, readModelOf } from '../../../../test/support/read-model';
import type { OutcomeRecord } from '../../../analytics/src/pipeline/recent-outcomes';
import { PIPELINE_CONFIG, PipelineConfig } from '../config/pipeline.config';
import { PipelineSampler } from '../live/pipeline-sampler';
import { Difference, ReadModelShape, readModelDifferences } from './read-model-diff';

/** An entity's read-model tables: its row by key, and its child rows in key order. */
const TABLES: Record<Topic, { table: string; key: string; children?: { table: string; order: string } }> = {
  user: { table: 'users', key: 'user_id' },
  supplier: { table: 'suppliers', key: 'supplier_id' },
  product: { table: 'products', key: 'product_id', children: { table: 'product_variants', order: 'sku' } },
  order: { table: 'orders', key: 'order_id', children: { table: 'order_items', order: 'line_no' } },
  post: { table: 'posts', key: 'post_id' },
};

export interface EntityView {
  kind: Topic;
  id: string;
  /** GET /<kind>s/:id on the backend (MongoDB): its status and body. */
  document: { status: number; body: unknown } | { failure: string };
  /** The entity's events the consumer reported lately, in Kafka order (partition@offset). */
  events: OutcomeRecord[];
  /** MySQL: table -> rows. */
  rows: Record<string, Record<string, unknown>[]>;
  /** The contract's columns derived from the MongoDB document, MySQL's, and where they differ; `error` when one side could not be read. */
  reconcile: { expected: ReadModelShape; actual: ReadModelShape; differences: Difference[] } | { error: string };
}

/** Follow an entity: its document through the backend, its recent events, its MySQL rows. */
@Controller('api/entities')
export class EntityViewController implements OnApplicationShutdown {
  private readonly mysql: Pool;
  private readonly mongo: MongoClient;

  constructor(
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
    private readonly sampler: PipelineSampler,
  ) {
    this.mysql = createPool({ ...config.mysql, connectionLimit: 2, dateStrings: true });
    this.mongo = new MongoClient(config.mongoUri, { maxPoolSize: 2, serverSelectionTimeoutMS: 2000 });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.mysql.end(), this.mongo.close()]);
  }

  @Get(':kind/:id')
  async view(@Param('kind') kind: string, @Param('id') id: string): Promise<EntityView> {
    if (!isTopic(kind)) throw new BadRequestException(`kind: "${kind}" is not one of ${Topic.all().join(', ')}`);
    if (!/^[0-9a-f]{24}$/.test(id)) throw new BadRequestException(`id: "${id}" is not a 24-hex id`);
    const { table, key, children } = TABLES[kind];
    const [row] = await this.mysql.query(`SELECT * FROM \`${table}\` WHERE \`${key}\` = ?`, [id]);
    const rows: Record<string, Record<string, unknown>[]> = { [table]: row as Record<string, unknown>[] };
    if (children) {
      const [childRows] = await this.mysql.query(
        `SELECT * FROM \`${children.table}\` WHERE \`${key}\` = ? ORDER BY \`${children.order}\``,
        [id],
      );
      rows[children.table] = childRows as Record<string, unknown>[];
    }
    const owner = kind === 'user' ? id : kind === 'order' ? (rows.orders[0]?.customer_user_id as string | undefined) : undefined;
    const events = this.sampler.feed
      .filter((e) => e.entity_id === id)
      .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    const [document, reconcile] = await Promise.all([this.document(kind, id, owner), this.reconcile(kind, id)]);
    return { kind, id, document, events, rows, reconcile };
  }

  private async reconcile(kind: Topic, id: string): Promise<EntityView['reconcile']> {
    try {
      const [expected, actual] = await Promise.all([
        expectedReadModel(this.mongo.db(), { kind, id }),
        readModelOf(this.mysql, { kind, id }),
      ]);
      return { expected, actual, differences: readModelDifferences(expected, actual) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  private async document(kind: Topic, id: string, owner?: string): Promise<EntityView['document']> {
    try {
      const response = await fetch(`${this.config.backendUrl}/${kind}s/${id}`, {
        headers: owner ? { 'X-User-ID': owner } : {},
        signal: AbortSignal.timeout(2000),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    } catch (err) {
      return { failure: (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message };
    }
  }
}
