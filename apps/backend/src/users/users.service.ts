import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventType, UserData, UserDeletedData } from '@app/kafka';
import { Model } from 'mongoose';
import { ApiError, notFound, validationFailed } from '../common/errors/api-error';
import { isDuplicateKeyError } from '../common/mongo/duplicate-key';
import { toSetPaths } from '../common/mongo/set-paths';
import { EntityLocks } from '../common/concurrency/entity-locks';
import { DomainEvents } from '../events/domain-events';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User, UserRecord } from './schemas/user.schema';
import { toUserData } from './user.mapping';
import { updateWhere } from '../common/mongo/by-id';

@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly events: DomainEvents,
    private readonly locks: EntityLocks,
  ) {}

  /** The unique email index must exist before the first request, or duplicates could slip in. */
  async onModuleInit(): Promise<void> {
    await this.users.init();
  }

  async create(dto: CreateUserDto): Promise<UserData> {
    const event = this.events.pending(EventType.USER_CREATED);
    const doc = await this.users
      .create({ email: dto.email, profile: dto.profile, contact: dto.contact ?? { phone: null }, outbox: [event] })
      .catch((err: unknown) => rethrowEmailTaken(err, dto.email));
    const data = toUserData(doc.toObject<UserRecord>());
    await this.events.publishCreated(this.users, event, data.id, data);
    return data;
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

  update(id: string, dto: UpdateUserDto): Promise<UserData> {
    return this.locks.run('user', id, async () => {
      const set = toSetPaths(dto);
      if (Object.keys(set).length === 0) throw validationFailed([{ field: 'body', reason: 'body must set at least one field' }]);
      const event = this.events.pending(EventType.USER_UPDATED);
      const doc = await updateWhere<UserRecord>(
        this.users,
        id,
        { status: 'active' },
        { $set: set, $push: { outbox: event } },
        { runValidators: true },
      ).catch((err: unknown) => rethrowEmailTaken(err, dto.email));
      if (!doc) throw notFound('user', id);
      const data = toUserData(doc);
      await this.events.publish(this.users, event, data.id, data);
      return data;
    });
  }

  /** Soft delete: the document stays with status `deleted` and its deleted_at; GET then answers 404. */
  remove(id: string): Promise<UserDeletedData> {
    return this.locks.run('user', id, async () => {
      const event = this.events.pending(EventType.USER_DELETED);
      const doc = await updateWhere<UserRecord>(
        this.users,
        id,
        { status: 'active' },
        { $set: { status: 'deleted', deleted_at: new Date() }, $push: { outbox: event } },
      );
      if (!doc?.deleted_at) throw notFound('user', id);
      const data: UserDeletedData = { user_id: id, deleted_at: doc.deleted_at.toISOString() };
      await this.events.publish(this.users, event, id, data);
      return data;
    });
  }
}

function rethrowEmailTaken(err: unknown, email: string | undefined): never {
  if (isDuplicateKeyError(err)) {
    throw new ApiError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', `email ${email} is already registered`, { field: 'email' });
  }
  throw err;
}
