import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { PipelineSampler } from '../live/pipeline-sampler';
import { renderPage } from './pipeline.page';

/** The page's script: next to this file in the source tree, copied next to main.js by the build (nest-cli.json assets). */
function clientScript(): string {
  for (const dir of [join(__dirname, 'client'), join(__dirname, 'page', 'client')]) {
    try {
      return readFileSync(join(dir, 'pipeline.client.js'), 'utf8');
    } catch {
      // not in this layout: try the next
    }
  }
  throw new Error(`pipeline.client.js not found next to ${__dirname}`);
}

@Controller()
export class PageController {
  private readonly script = clientScript();

  constructor(private readonly sampler: PipelineSampler) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return renderPage(this.sampler.latest);
  }

  @Get('assets/pipeline.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  asset(): string {
    return this.script;
  }
}
