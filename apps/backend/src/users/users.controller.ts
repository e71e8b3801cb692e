import { Body, Controller, Delete, Get, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserData, UserDeletedData } from '@app/kafka';
import { Authenticator } from '../common/identity/authenticator';
import { ApiErrors, ApiErrorsWith, ApiUserIdentity } from '../common/swagger/api-docs.decorators';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDeletedSchema, UserSchemaDoc } from './dto/user.response';
import { PublicUserData, publicUserView } from './user-public-view';
import { SelfUserGuard } from './user-identity.guard';
import { UsersService } from './users.service';

const SELF = 'must equal :id; another existing user gets 403, an unknown one 401';
const EMAIL_TAKEN = { 409: 'EMAIL_TAKEN: another user has this email' };

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: Authenticator,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a user; emits user.created' })
  @ApiCreatedResponse({ type: UserSchemaDoc })
  @ApiErrorsWith(EMAIL_TAKEN, 400)
  create(@Body() dto: CreateUserDto): Promise<UserData> {
    return this.users.create(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A user (404 once deleted); email and contact only to the user themself, others get the public profile' })
  @ApiUserIdentity('the viewer: email and contact are shown only when this is the user :id', false)
  @ApiOkResponse({ type: UserSchemaDoc, description: 'without email and contact unless the acting user is :id' })
  @ApiErrors(400, 401, 404)
  async get(@Param('id', ParseObjectIdPipe) id: string, @Req() request: Request): Promise<UserData | PublicUserData> {
    const viewer = this.auth.viewer(request, 'user');
    const user = await this.users.get(id);
    return viewer === id.toLowerCase() ? user : publicUserView(user);
  }

  @Patch(':id')
  @UseGuards(SelfUserGuard)
  @ApiOperation({ summary: 'Change any subset of the fields (nested objects merge); emits user.updated' })
  @ApiUserIdentity(SELF)
  @ApiOkResponse({ type: UserSchemaDoc })
  @ApiErrorsWith(EMAIL_TAKEN, 400, 401, 403, 404)
  update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserData> {
    return this.users.update(id, dto);
  }

  @Delete(':id')
  @UseGuards(SelfUserGuard)
  @ApiOperation({ summary: 'Soft delete (status deleted, deleted_at set); emits user.deleted' })
  @ApiUserIdentity(SELF)
  @ApiOkResponse({ type: UserDeletedSchema, description: 'the user.deleted event data' })
  @ApiErrors(400, 401, 403, 404)
  remove(@Param('id', ParseObjectIdPipe) id: string): Promise<UserDeletedData> {
    return this.users.remove(id);
  }
}
