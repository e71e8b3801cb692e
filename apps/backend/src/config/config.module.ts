import { Global, Module } from '@nestjs/common';
import { Authenticator } from '../common/identity/authenticator';
import { BackendConfig } from './backend.config';

/** The one place the backend reads process.env, and the Authenticator every identity guard asks (Kafka's KAFKA_* are read by KafkaModule through KafkaConfig.fromEnv). */
@Global()
@Module({
  providers: [{ provide: BackendConfig, useFactory: () => BackendConfig.fromEnv() }, Authenticator],
  exports: [BackendConfig, Authenticator],
})
export class ConfigModule {}
