import { Controller, Get, Query } from '@nestjs/common';
import { OutcomesAfter, RecentOutcomes } from './recent-outcomes';

/** The consumer's latest event outcomes, for the pipeline page (apps/pipeline polls it once a second). */
@Controller('pipeline')
export class RecentOutcomesController {
  constructor(private readonly recent: RecentOutcomes) {}

  /** `after`: the last seq the caller has; the answer holds only newer records. */
  @Get('outcomes')
  outcomes(@Query('after') after?: string): OutcomesAfter {
    const seq = Number(after ?? 0);
    return this.recent.after(Number.isInteger(seq) && seq >= 0 ? seq : 0);
  }
}
