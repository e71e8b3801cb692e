import { ApiProperty } from '@nestjs/swagger';
import { FIELD_LIMITS } from '@app/kafka';
import { IsNotEmpty, IsString } from 'class-validator';
import { MaxText } from '../../common/validation/max-text';

export class ShipOrderDto {
  @ApiProperty({ example: 'DHL', maxLength: FIELD_LIMITS.order.carrier })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.carrier)
  carrier: string;

  @ApiProperty({ example: 'JD014600006281234567', maxLength: FIELD_LIMITS.order.tracking_number })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.order.tracking_number)
  tracking_number: string;
}
