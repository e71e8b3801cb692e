import { FIELD_LIMITS, textProblem } from '@app/kafka';
import { PoisonEventError } from './poison-event.error';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)$/;

/**
 * Reads and validates one JSON object of an event payload in the same pass:
 * every accessor names the full path (`data.items[0].quantity`) in its PoisonEventError.
 */
export class PayloadReader {
  constructor(
    private readonly value: Record<string, unknown>,
    private readonly path: string,
  ) {}

  static of(value: unknown, path = 'data'): PayloadReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new PoisonEventError(`${path} must be an object`);
    }
    return new PayloadReader(value as Record<string, unknown>, path);
  }

  string(key: string, maxLength = 255): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v.length === 0) this.fail(key, 'must be a non-empty string');
    this.text(key, v as string, maxLength);
    return v as string;
  }

  nullableString(key: string, maxLength = 255): string | null {
    const v = this.value[key];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string') this.fail(key, 'must be a string or null');
    this.text(key, v as string, maxLength);
    return v as string;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.value[key];
    if (typeof v !== 'string' || !allowed.includes(v as T)) this.fail(key, `must be one of ${allowed.join(', ')}`);
    return v as T;
  }

  /** An integer in [min, max]; the default max is the largest exact JSON integer (BIGINT columns hold it). */
  integer(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      this.fail(key, `must be an integer from ${min} to ${max}`);
    }
    return v as number;
  }

  timestamp(key: string): Date {
    const v = this.value[key];
    if (typeof v !== 'string' || !ISO_UTC.test(v) || Number.isNaN(Date.parse(v))) {
      this.fail(key, 'must be an ISO 8601 UTC timestamp');
    }
    return new Date(v as string);
  }

  nullableTimestamp(key: string): Date | null {
    const v = this.value[key];
    return v === null || v === undefined ? null : this.timestamp(key);
  }

  object(key: string): PayloadReader {
    return PayloadReader.of(this.value[key], `${this.path}.${key}`);
  }

  objects(key: string, minItems: number, maxItems: number): PayloadReader[] {
    return this.array(key, minItems, maxItems).map((item, i) => PayloadReader.of(item, `${this.path}.${key}[${i}]`));
  }

  strings(key: string, maxItems: number, maxLength: number): string[] {
    const items = this.array(key, 0, maxItems);
    items.forEach((item, i) => {
      if (typeof item !== 'string') this.fail(`${key}[${i}]`, 'must be a string');
      this.text(`${key}[${i}]`, item as string, maxLength);
    });
    return items as string[];
  }

  /** A flat object of string values (variant attributes), within the key count and lengths of `limits`. */
  stringMap(key: string, limits: { attributes: number; attribute_key: number; attribute_value: number }): Record<string, string> {
    const map = this.object(key);
    const entries = Object.entries(map.value);
    if (entries.length > limits.attributes) this.fail(key, `must have at most ${limits.attributes} keys`);
    for (const [k, v] of entries) {
      const keyProblem = textProblem(k, limits.attribute_key);
      if (keyProblem) map.fail(k, `key ${keyProblem}`);
      if (typeof v !== 'string') map.fail(k, 'must be a string');
      map.text(k, v as string, limits.attribute_value);
    }
    return { ...(map.value as Record<string, string>) };
  }

  /** The payload's own id must be the envelope's entity_id (the Kafka key that ordered it). */
  id(key: string, entityId: string): string {
    const id = this.string(key, FIELD_LIMITS.id);
    if (id !== entityId) this.fail(key, `must equal the envelope's entity_id "${entityId}"`);
    return id;
  }

  private array(key: string, minItems: number, maxItems: number): unknown[] {
    const v = this.value[key];
    if (!Array.isArray(v)) this.fail(key, 'must be an array');
    if ((v as unknown[]).length < minItems) this.fail(key, `must have at least ${minItems} item(s)`);
    if ((v as unknown[]).length > maxItems) this.fail(key, `must have at most ${maxItems} item(s)`);
    return v as unknown[];
  }

  /** Unicode text of at most `max` code points, as utf8mb4 VARCHAR counts (the API's DTOs use the same rule). */
  private text(key: string, value: string, max: number): void {
    const problem = textProblem(value, max);
    if (problem) this.fail(key, problem);
  }

  private fail(key: string, reason: string): never {
    throw new PoisonEventError(`${this.path}.${key} ${reason}`);
  }
}
