import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_LIMITS } from '@app/kafka';
import { ArrayMaxSize, IsArray, IsMongoId, IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { MaxText } from '../../common/validation/max-text';
import { OptionalNotNull } from '../../common/validation/optional-not-null';

export class CreatePostDto {
  @ApiProperty({ example: 'Loving this mug for my morning coffee.', maxLength: FIELD_LIMITS.post.body })
  @IsString()
  @IsNotEmpty()
  @MaxText(FIELD_LIMITS.post.body)
  body: string;

  @ApiPropertyOptional({
    example: ['https://cdn.example.com/p/mug.jpg'],
    type: [String],
    default: [],
    description: `at most ${FIELD_LIMITS.post.media_urls} urls of at most ${FIELD_LIMITS.post.media_url} characters`,
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(FIELD_LIMITS.post.media_urls)
  @IsUrl({}, { each: true })
  @MaxText(FIELD_LIMITS.post.media_url, { each: true })
  media_urls?: string[];

  @ApiPropertyOptional({ example: ['6650a1b2c3d4e5f601234569'], type: [String], default: [], description: 'products the post is about' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(FIELD_LIMITS.post.product_ids)
  @IsMongoId({ each: true })
  product_ids?: string[];
}
