import { ValidateIf } from 'class-validator';

/** May be left out, but when sent it must pass the other validators (`null` included, unlike @IsOptional). */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
