import { Topic } from '@app/kafka';
import { BadRequestException, Body, Controller, Get, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { committedOffsets, dlqTopic, readLetters, replayLetters, ReplayReport } from '../../../../scripts/dlq/dlq-topics';
import { LetterSummary, summarise, whereOf } from '../../../../scripts/dlq/letters';
import { PIPELINE_CONFIG, PipelineConfig } from '../config/pipeline.config';

export const DLQ_KAFKA = Symbol('DLQ_KAFKA');

/** The dead letter panel: what `npm run dlq -- list | show | replay --offset` do, with the same code (scripts/dlq). */
@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(DLQ_KAFKA) private readonly kafka: Kafka,
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
  ) {}

  @Get()
  async list(): Promise<Array<{ topic: string; letters: LetterSummary[] }>> {
    return Promise.all(
      Topic.all().map(async (topic) => {
        const dlq = dlqTopic(topic);
        const committed = await committedOffsets(this.kafka, this.config.replayGroup, dlq);
        return { topic: dlq, letters: (await readLetters(this.kafka, dlq)).map((letter) => summarise(letter, committed)) };
      }),
    );
  }

  @Get(':topic/:at')
  async show(@Param('topic') topic: string, @Param('at') at: string): Promise<Record<string, unknown>> {
    const letter = (await readLetters(this.kafka, this.topicOf(topic))).find((l) => `${l.partition}@${l.offset}` === this.placeOf(at));
    if (!letter) throw new NotFoundException(`no dead letter at ${dlqTopic(topic)}:${at}`);
    return { where: whereOf(letter), key: letter.key, ...letter.value };
  }

  /** Replays one letter (`npm run dlq -- replay <topic> --offset <at>`); `body` is unused, POST only so a link cannot replay. */
  @Post(':topic/:at/replay')
  replay(@Param('topic') topic: string, @Param('at') at: string, @Body() _body: unknown): Promise<ReplayReport> {
    return replayLetters(
      this.kafka,
      this.topicOf(topic),
      { all: false, offsets: [this.placeOf(at)], eventIds: [] },
      this.config.replayGroup,
      { mysql: this.config.mysql },
    );
  }

  private topicOf(name: string): string {
    const topic = dlqTopic(name);
    if (!Topic.all().some((t) => dlqTopic(t) === topic)) throw new BadRequestException(`topic: "${name}" is not a dead letter topic`);
    return topic;
  }

  private placeOf(at: string): string {
    if (!/^\d+@\d+$/.test(at)) throw new BadRequestException(`at: "${at}" is not <partition>@<offset>`);
    return at;
  }
}
