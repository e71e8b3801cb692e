import { ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_LIMITS } from '@app/kafka';
import { IsOptional, IsString } from 'class-validator';
import { MaxText } from '../../common/validation/max-text';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'ordered by mistake', nullable: true, maxLength: FIELD_LIMITS.order.cancellation_reason })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.order.cancellation_reason)
  reason?: string | null;
}
