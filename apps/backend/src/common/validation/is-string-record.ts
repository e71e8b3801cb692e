import { textProblem } from '@app/kafka';
import { ValidationOptions, registerDecorator } from 'class-validator';

const SAFE_KEY = /^[^.$][^.]*$/; // MongoDB (and FerretDB) keys: no dots, no leading $

/** How many keys, and how long keys and values may be (FIELD_LIMITS.product's attribute limits). */
export interface StringRecordLimits {
  attributes: number;
  attribute_key: number;
  attribute_value: number;
}

/** A flat object of string values with keys MongoDB can store, e.g. `{"size": "M", "color": "red"}`, within `limits`. */
export function IsStringRecord(limits: StringRecordLimits, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          `${String(propertyName)} must be an object of at most ${limits.attributes} string values of at most ` +
          `${limits.attribute_value} characters (Unicode text), whose keys (at most ${limits.attribute_key} characters) have no "." and do not start with "$"`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= limits.attributes &&
          Object.entries(value).every(
            ([k, v]) =>
              SAFE_KEY.test(k) &&
              textProblem(k, limits.attribute_key) === null &&
              typeof v === 'string' &&
              textProblem(v, limits.attribute_value) === null,
          ),
      },
    });
}
