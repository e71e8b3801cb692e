import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/optional-not-null';

const lowerCaseTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class UserProfileDto {
  @ApiProperty({ example: 'Ada L.', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  display_name: string;

  @ApiPropertyOptional({ example: 'Ada', nullable: true, maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  first_name?: string | null;

  @ApiPropertyOptional({ example: 'Lovelace', nullable: true, maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  last_name?: string | null;

  @ApiPropertyOptional({ example: 'https://cdn.example.com/ada.png', nullable: true })
  @IsOptional() @IsUrl()
  avatar_url?: string | null;

  @ApiPropertyOptional({ example: 'Analyst. Likes engines.', nullable: true, maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  bio?: string | null;
}

export class UserContactDto {
  @ApiPropertyOptional({ example: '+44 20 7946 0000', nullable: true, maxLength: 40 })
  @IsOptional() @IsString() @MaxLength(40)
  phone?: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'ada@example.com', description: 'unique; stored lower-cased' })
  @Transform(lowerCaseTrimmed) @IsEmail()
  email: string;

  @ApiProperty({ type: UserProfileDto })
  @IsObject() @ValidateNested() @Type(() => UserProfileDto)
  profile: UserProfileDto;

  @ApiPropertyOptional({ type: UserContactDto })
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => UserContactDto)
  contact?: UserContactDto;
}
