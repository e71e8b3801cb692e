import { KafkaReachability } from '@app/kafka';
import { DynamicModule, Module } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import '@app/kafka/kafkajs/request-queue-fix';
import { PIPELINE_CONFIG, PipelineConfig } from './config/pipeline.config';
import { DeadLettersController, DLQ_KAFKA } from './dead-letters/dead-letters.controller';
import { EntityViewController } from './entities/entity-view';
import { JourneyController } from './journey/journey-runner';
import { LiveController } from './live/live.controller';
import { PipelineSampler } from './live/pipeline-sampler';
import { PageController } from './page/page.controller';

/** The live pipeline page: its HTML and script, the event stream, and the dead letter, entity and journey panels. */
@Module({})
export class PipelineModule {
  static forRoot(config: PipelineConfig): DynamicModule {
    return {
      module: PipelineModule,
      controllers: [PageController, LiveController, DeadLettersController, EntityViewController, JourneyController],
      providers: [
        { provide: PIPELINE_CONFIG, useValue: config },
        { provide: KafkaReachability, useFactory: () => new KafkaReachability(config.kafka) },
        { provide: DLQ_KAFKA, useFactory: () => new Kafka({ ...config.kafka.toClientConfig(), logLevel: logLevel.ERROR }) },
        PipelineSampler,
      ],
    };
  }
}
