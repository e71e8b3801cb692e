import { Controller, Get } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Connection, ConnectionStates } from 'mongoose';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  @Get()
  @ApiOkResponse({
    description: 'the process is up; `mongodb` tells whether its connection is open',
    schema: { example: { status: 'ok', mongodb: 'up' } },
  })
  health(): { status: 'ok'; mongodb: 'up' | 'down' } {
    return { status: 'ok', mongodb: this.connection.readyState === ConnectionStates.connected ? 'up' : 'down' };
  }
}
