import { DynamicModule, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { KafkaConfig } from './kafka.config';
import { KafkaProducer } from './kafka.producer';
import { stopTracing } from './observability/tracing';

/** Sends the spans still buffered when the app closes (nothing to do with tracing off). */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

export interface KafkaModuleOptions {
  /** Default client id when KAFKA_CLIENT_ID is not set. */
  clientId: string;
  /** Settings to use instead of the environment (tests). */
  config?: KafkaConfig;
}

/** Provides the validated `KafkaConfig` and one shared `KafkaProducer` to the whole app. */
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KafkaConfig, useFactory: () => options.config ?? KafkaConfig.fromEnv(options.clientId) },
        KafkaProducer,
        TracingShutdown,
      ],
      exports: [KafkaConfig, KafkaProducer],
    };
  }
}
