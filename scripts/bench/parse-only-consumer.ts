/** Bench variant D: kafkajs eachBatch + JSON.parse, no database. Prints `consumed <n>` once BENCH_MESSAGES arrived. */
import { KafkaConfig, Topic } from '@app/kafka';
import { Kafka } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';

async function main(): Promise<void> {
  const expected = Number(process.env.BENCH_MESSAGES);
  const config = KafkaConfig.fromEnv('bench-parse-only').toConsumerConfig(process.env.KAFKA_GROUP_ID ?? 'bench-parse-only');
  const consumer = new Kafka(config.client).consumer(config.consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: Topic.all(), fromBeginning: true });
  let consumed = 0;
  let parsedBytes = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) parsedBytes += JSON.parse(message.value!.toString()).event_id.length;
      consumed += batch.messages.length;
      if (consumed >= expected) console.log(`consumed ${consumed} (${parsedBytes} id chars)`);
    },
  });
  process.once('SIGTERM', () => void consumer.disconnect().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
