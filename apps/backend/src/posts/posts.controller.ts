import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PostData, PostDeletedData } from '@app/kafka';
import { ApiErrors, ApiErrorsWith, ApiUserIdentity } from '../common/swagger/api-docs.decorators';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe';
import { UserRecord } from '../users/schemas/user.schema';
import { ActingUser, UserIdentityGuard } from '../users/user-identity.guard';
import { CreatePostDto } from './dto/create-post.dto';
import { PostDeletedSchema, PostSchemaDoc } from './dto/post.response';
import { UpdatePostDto } from './dto/update-post.dto';
import { PostsService } from './posts.service';

const AUTHOR = 'the author (403 for another user, 401 for an unknown one)';

@ApiTags('posts')
@Controller('posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Post()
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'Write a post in status draft, authored by the acting user; emits post.created' })
  @ApiUserIdentity('the author (an existing, not deleted user)')
  @ApiCreatedResponse({ type: PostSchemaDoc })
  @ApiErrors(400, 401)
  create(@ActingUser() user: UserRecord, @Body() dto: CreatePostDto): Promise<PostData> {
    return this.posts.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A post (404 once deleted)' })
  @ApiOkResponse({ type: PostSchemaDoc })
  @ApiErrors(400, 404)
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<PostData> {
    return this.posts.get(id);
  }

  @Patch(':id')
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'Change any subset of body, media_urls, product_ids; emits post.updated' })
  @ApiUserIdentity(AUTHOR)
  @ApiOkResponse({ type: PostSchemaDoc })
  @ApiErrors(400, 401, 403, 404)
  update(@ActingUser() user: UserRecord, @Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdatePostDto): Promise<PostData> {
    return this.posts.update(user._id.toHexString(), id, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'draft -> published (sets published_at); emits post.published' })
  @ApiUserIdentity(AUTHOR)
  @ApiOkResponse({ type: PostSchemaDoc })
  @ApiErrorsWith({ 409: 'INVALID_TRANSITION: the post is already published (from/to in the body)' }, 400, 401, 403, 404)
  publish(@ActingUser() user: UserRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<PostData> {
    return this.posts.publish(user._id.toHexString(), id);
  }

  @Delete(':id')
  @UseGuards(UserIdentityGuard)
  @ApiOperation({ summary: 'Soft delete (deleted_at set); emits post.deleted' })
  @ApiUserIdentity(AUTHOR)
  @ApiOkResponse({ type: PostDeletedSchema, description: 'the post.deleted event data' })
  @ApiErrors(400, 401, 403, 404)
  remove(@ActingUser() user: UserRecord, @Param('id', ParseObjectIdPipe) id: string): Promise<PostDeletedData> {
    return this.posts.remove(user._id.toHexString(), id);
  }
}
