import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'ordered by mistake', nullable: true, maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500)
  reason?: string | null;
}
