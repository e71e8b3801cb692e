import { AsyncApiDocument, buildAsyncApiDocument, renderAsyncApiHtml } from '@app/kafka';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** The event contract: GET /asyncapi (AsyncAPI 3.0 JSON), GET /asyncapi.html (the same, readable). */
@ApiExcludeController()
@Controller()
export class AsyncApiController {
  private readonly document = buildAsyncApiDocument();
  private readonly html = renderAsyncApiHtml(this.document, '/asyncapi');

  @Get('asyncapi')
  json(): AsyncApiDocument {
    return this.document;
  }

  @Get('asyncapi.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return this.html;
  }
}
