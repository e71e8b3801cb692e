import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { FIELD_LIMITS } from '@app/kafka';
import { IsEmail, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, ValidateNested } from 'class-validator';
import { MaxText } from '../../common/validation/max-text';
import { OptionalNotNull } from '../../common/validation/optional-not-null';

const lowerCaseTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class UserProfileDto {
  @ApiProperty({ example: 'Ada L.', maxLength: FIELD_LIMITS.user.display_name })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.user.display_name)
  display_name: string;

  @ApiPropertyOptional({ example: 'Ada', nullable: true, maxLength: FIELD_LIMITS.user.first_name })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.user.first_name)
  first_name?: string | null;

  @ApiPropertyOptional({ example: 'Lovelace', nullable: true, maxLength: FIELD_LIMITS.user.last_name })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.user.last_name)
  last_name?: string | null;

  @ApiPropertyOptional({ example: 'https://cdn.example.com/ada.png', nullable: true, maxLength: FIELD_LIMITS.user.avatar_url })
  @IsOptional()
  @IsUrl()
  @MaxText(FIELD_LIMITS.user.avatar_url)
  avatar_url?: string | null;

  @ApiPropertyOptional({ example: 'Analyst. Likes engines.', nullable: true, maxLength: FIELD_LIMITS.user.bio })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.user.bio)
  bio?: string | null;
}

export class UserContactDto {
  @ApiPropertyOptional({ example: '+44 20 7946 0000', nullable: true, maxLength: FIELD_LIMITS.user.phone })
  @IsOptional()
  @IsString()
  @MaxText(FIELD_LIMITS.user.phone)
  phone?: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'ada@example.com', description: 'unique; stored lower-cased' })
  @Transform(lowerCaseTrimmed)
  @IsEmail()
  email: string;

  @ApiProperty({ type: UserProfileDto })
  @IsObject()
  @ValidateNested()
  @Type(() => UserProfileDto)
  profile: UserProfileDto;

  @ApiPropertyOptional({ type: UserContactDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => UserContactDto)
  contact?: UserContactDto;
}
