import { PartialType } from '@nestjs/swagger';
import { CreatePostDto } from './create-post.dto';

/** Any subset of the post's fields; lists are replaced whole. */
export class UpdatePostDto extends PartialType(CreatePostDto, { skipNullProperties: false }) {}
