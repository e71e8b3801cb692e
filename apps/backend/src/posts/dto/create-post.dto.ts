import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsMongoId, IsNotEmpty, IsString, IsUrl, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/optional-not-null';

export class CreatePostDto {
  @ApiProperty({ example: 'Loving this mug for my morning coffee.', maxLength: 10000 })
  @IsString() @IsNotEmpty() @MaxLength(10_000)
  body: string;

  @ApiPropertyOptional({ example: ['https://cdn.example.com/p/mug.jpg'], type: [String], default: [] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(20) @IsUrl({}, { each: true })
  media_urls?: string[];

  @ApiPropertyOptional({ example: ['6650a1b2c3d4e5f601234569'], type: [String], default: [], description: 'products the post is about' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @IsMongoId({ each: true })
  product_ids?: string[];
}
