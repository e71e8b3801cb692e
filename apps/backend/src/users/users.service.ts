import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, UserData, UserDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { ApiError, notFound, validationFailed } from '../common/errors/api-error';
import { isDuplicateKeyError } from '../common/mongo/duplicate-key';
import { toSetPaths } from '../common/mongo/set-paths';
import { EntityWriter, WriteSeam } from '../outbox/write-seam';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User, UserRecord } from './schemas/user.schema';
import { toUserData, USER_EVENT_DATA } from './user.mapping';

@Injectable()
export class UsersService implements OnModuleInit {
  private readonly writer: EntityWriter<UserRecord>;

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    seam: WriteSeam,
  ) {
    this.writer = seam.for(users, 'user', USER_EVENT_DATA);
  }

  /** The unique email index must exist before the first request, or duplicates could slip in. */
  async onModuleInit(): Promise<void> {
    await this.users.init();
  }

  async create(dto: CreateUserDto): Promise<UserData> {
    const doc = await this.writer
      .create(EventType.USER_CREATED, { email: dto.email, profile: dto.profile, contact: dto.contact ?? { phone: null } })
      .catch((err: unknown) => rethrowEmailTaken(err, dto.email));
    return toUserData(doc);
  }

  async get(id: string): Promise<UserData> {
    const doc = await this.findActive(id);
    if (!doc) throw notFound('user', id);
    return toUserData(doc);
  }

  /**
   * The user if it exists and is not deleted. Found by _id alone and checked in code: FerretDB on SQLite pushes
   * an _id lookup down to its index but scans the collection for {_id, status} (seconds at 100k users).
   */
  async findActive(id: string): Promise<UserRecord | null> {
    const doc = await this.users.findById(id).lean<UserRecord>().exec();
    return doc?.status === 'active' ? doc : null;
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserData> {
    const set = toSetPaths(dto);
    if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
    const { doc } = await this.writer
      .change(id, (user) => {
        if (user?.status !== 'active') throw notFound('user', id);
        return { event: EventType.USER_UPDATED, update: { $set: set }, runValidators: true };
      })
      .catch((err: unknown) => rethrowEmailTaken(err, dto.email));
    return toUserData(doc);
  }

  /** Soft delete: the document stays with status `deleted` and its deleted_at; GET then answers 404. */
  async remove(id: string): Promise<UserDeletedData> {
    const { data } = await this.writer.change(id, (user) => {
      if (user?.status !== 'active') throw notFound('user', id);
      return { event: EventType.USER_DELETED, update: { $set: { status: 'deleted', deleted_at: new Date() } } };
    });
    return data;
  }
}

function rethrowEmailTaken(err: unknown, email: string | undefined): never {
  if (isDuplicateKeyError(err)) {
    throw new ApiError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', `email ${email} is already registered`, { field: 'email' });
  }
  throw err;
}
