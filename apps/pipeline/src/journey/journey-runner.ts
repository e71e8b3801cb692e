import { BadGatewayException, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { JourneyStep, runJourney } from '../../../../scripts/demo/journey';
import { PIPELINE_CONFIG, PipelineConfig } from '../config/pipeline.config';

export interface StepDone {
  /** 1-based number of the step just run. */
  number: number;
  total: number;
  label: string;
  event_type: string;
  touched: JourneyStep['touched'];
  finished: boolean;
}

class Abandoned extends Error {}

/**
 * "Try it": the demo journey (scripts/demo/journey.ts, the one `npm run demo` runs) one step per click.
 * The journey waits in its afterStep hook until the next click; reset abandons it there.
 */
export class JourneyRunner {
  private running?: Promise<unknown>;
  private proceed?: (go: boolean) => void;
  private stepDone?: (step: StepDone | Error) => void;
  private total = 0;
  private count = 0;

  constructor(private readonly backendUrl: string) {}

  next(): Promise<StepDone> {
    const done = new Promise<StepDone | Error>((resolve) => (this.stepDone = resolve));
    if (this.proceed) {
      const go = this.proceed;
      this.proceed = undefined;
      go(true);
    } else if (!this.running) {
      this.start();
    }
    return done.then((step) => {
      if (step instanceof Error) throw step;
      return step;
    });
  }

  reset(): void {
    this.proceed?.(false);
    this.proceed = undefined;
    this.running = undefined;
  }

  private start(): void {
    this.count = 0;
    const run: Promise<unknown> = runJourney(this.backendUrl, {
      progress: (_done, total) => (this.total = total),
      afterStep: (step) => {
        this.count += 1;
        const finished = this.count === this.total;
        this.stepDone?.({
          number: this.count,
          total: this.total,
          label: step.label,
          event_type: step.eventType,
          touched: step.touched,
          finished,
        });
        if (finished) return Promise.resolve();
        return new Promise<void>((resolve, reject) => {
          this.proceed = (go) => (go ? resolve() : reject(new Abandoned('reset')));
        });
      },
    })
      .catch((err: unknown) => {
        if (!(err instanceof Abandoned)) this.stepDone?.(err as Error);
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
  }
}

@Controller('api/journey')
export class JourneyController {
  private readonly runner: JourneyRunner;

  constructor(@Inject(PIPELINE_CONFIG) config: PipelineConfig) {
    this.runner = new JourneyRunner(config.backendUrl);
  }

  /** Runs the next step of the journey (the first starts a new one) and answers with what it did. */
  @Post('next')
  @HttpCode(200)
  next(): Promise<StepDone> {
    return this.runner.next().catch((err: Error) => {
      throw new BadGatewayException(`the step failed: ${err.message}`);
    });
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.runner.reset();
  }
}
