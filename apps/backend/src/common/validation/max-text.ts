import { textProblem } from '@app/kafka';
import { ValidationOptions, registerDecorator } from 'class-validator';

/**
 * At most `max` characters counted as Unicode code points (`textLength` of libs/kafka, which the consumer's readers use
 * too, and which utf8mb4 VARCHAR counts), and well-formed text (no lone surrogate). class-validator's MaxLength counts
 * neither way: it skips variation selectors, which MySQL counts. A value that is no string is left to @IsString.
 */
export function MaxText(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxText',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max],
      options: {
        message: ({ value, property }) =>
          `${property} ${(typeof value === 'string' && textProblem(value, max)) || `must be at most ${max} characters`}`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value !== 'string' || textProblem(value, max) === null },
    });
}
