import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorSchema {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an email' }) reason: string;
}

/** Swagger's picture of every error answer (see ApiExceptionFilter). */
export class ErrorBodySchema {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable machine-readable code' }) code: string;
  @ApiProperty({ example: 'email: email must be an email' }) message: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'only for 400: which field and why' })
  errors?: FieldErrorSchema[];
}
