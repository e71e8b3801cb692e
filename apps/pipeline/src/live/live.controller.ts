import { Controller, Get, MessageEvent, Sse } from '@nestjs/common';
import { concat, defer, map, Observable, of } from 'rxjs';
import { PipelineSampler } from './pipeline-sampler';

/** The page's live feed: a snapshot (chart history, recent outcomes, last tick), then one tick a second. */
@Controller('api')
export class LiveController {
  constructor(private readonly sampler: PipelineSampler) {}

  /** The page's own liveness (npm start waits for it). */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Sse('stream')
  stream(): Observable<MessageEvent> {
    const snapshot = defer(() =>
      of<MessageEvent>({
        type: 'snapshot',
        data: { history: this.sampler.history(), feed: this.sampler.feed, tick: this.sampler.latest ?? null },
      }),
    );
    return concat(snapshot, this.sampler.ticks.pipe(map((tick): MessageEvent => ({ type: 'tick', data: tick }))));
  }
}
