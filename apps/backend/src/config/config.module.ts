import { Global, Module } from '@nestjs/common';
import { BackendConfig } from './backend.config';

/** The one place the backend reads process.env (Kafka's KAFKA_* are read by KafkaModule through KafkaConfig.fromEnv). */
@Global()
@Module({
  providers: [{ provide: BackendConfig, useFactory: () => BackendConfig.fromEnv() }],
  exports: [BackendConfig],
})
export class ConfigModule {}
