import { Module } from '@nestjs/common';
import { ProjectionApplier } from './projection-applier';

@Module({ providers: [ProjectionApplier], exports: [ProjectionApplier] })
export class ProjectionModule {}
