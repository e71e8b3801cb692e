import { ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_LIMITS } from '@app/kafka';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'ordered by mistake', nullable: true, maxLength: FIELD_LIMITS.order.cancellation_reason })
  @IsOptional()
  @IsString()
  @MaxLength(FIELD_LIMITS.order.cancellation_reason)
  reason?: string | null;
}
