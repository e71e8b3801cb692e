import { ApiProperty } from '@nestjs/swagger';
import { USER_STATUSES } from '@app/kafka';
import { UserContactDto, UserProfileDto } from './create-user.dto';

/** Swagger picture of UserData (the user.created / user.updated payload). */
export class UserSchemaDoc {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234567' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ type: UserProfileDto }) profile: UserProfileDto;
  @ApiProperty({ type: UserContactDto }) contact: UserContactDto;
  @ApiProperty({ enum: USER_STATUSES, example: 'active' }) status: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) updated_at: string;
  @ApiProperty({ example: null, nullable: true, type: String }) deleted_at: string | null;
}

export class UserDeletedSchema {
  @ApiProperty({ example: '6650a1b2c3d4e5f601234567' }) user_id: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) deleted_at: string;
}
