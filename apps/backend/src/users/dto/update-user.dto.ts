import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/optional-not-null';
import { CreateUserDto, UserProfileDto } from './create-user.dto';

// skipNullProperties: false, so `null` for a required field (email, display_name) is rejected, not stored.
export class UpdateUserProfileDto extends PartialType(UserProfileDto, { skipNullProperties: false }) {}

/** Any subset of the user's fields; nested objects are merged field by field. */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['profile'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ type: UpdateUserProfileDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateUserProfileDto)
  profile?: UpdateUserProfileDto;
}
