import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { WriterLease } from './writer-lease';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A standby (lease mode, not the writer) answers every request that is not a read with 503 NOT_WRITER + Retry-After. */
@Injectable()
export class WriterGuard implements CanActivate {
  constructor(private readonly writer: WriterLease) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (!READS.has(context.switchToHttp().getRequest<Request>().method)) this.writer.assertWriter();
    return true;
  }
}
