import { KafkaConfig, KafkaReachability } from '@app/kafka';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ShutdownDrain } from './shutdown-drain';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    ShutdownDrain,
    { provide: KafkaReachability, inject: [KafkaConfig], useFactory: (config: KafkaConfig) => new KafkaReachability(config) },
  ],
})
export class HealthModule {}
