import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AsyncApiDocument } from './asyncapi';
import type { JsonSchema } from './json-schema';

/** The baseline: the contract as last released. Moved only by `npm run contract -- release`. */
export const RELEASED_FILE = join(__dirname, 'released.asyncapi.json');

export function releasedContract(): AsyncApiDocument {
  return JSON.parse(readFileSync(RELEASED_FILE, 'utf8')) as AsyncApiDocument;
}

type Doc = Pick<AsyncApiDocument, 'channels' | 'components'>;

/**
 * What `current` breaks for consumers of `released`, one sentence per change, naming the message and the field:
 * a channel or message removed; a field removed or renamed (a renamed field is the old name removed); a field that
 * became required or a new required field (events already on the topics lack it), or a required field made optional
 * (running consumers expect it); a type narrowed (a value old events
 * carry no longer allowed) or widened (a value running consumers do not expect: a new enum value, null). Adding
 * channels, messages or optional fields is compatible.
 */
export function breakingChanges(released: Doc, current: Doc): string[] {
  const changes: string[] = [];
  for (const channel of Object.keys(released.channels)) {
    if (!current.channels[channel]) changes.push(`channel ${channel}: removed`);
  }
  for (const [name, message] of Object.entries(released.components.messages)) {
    const now = current.components.messages[name];
    if (!now) {
      changes.push(`${name}: message removed`);
      continue;
    }
    compare(changes, name, { doc: released, schema: message.payload }, { doc: current, schema: now.payload }, new Set());
  }
  return changes;
}

interface Located {
  doc: Doc;
  schema: JsonSchema;
}

function resolve(at: Located): JsonSchema {
  let schema = at.schema;
  for (let hops = 0; schema.$ref && hops < 32; hops++) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = at.doc.components.schemas[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    schema = target;
  }
  return schema;
}

/** The JSON values a schema's `type`/`enum`/`const` allow, as comparable tokens (`integer` is within `number`). */
function allowed(schema: JsonSchema): Set<string> | 'any' {
  if (schema.const !== undefined) return new Set([`value ${JSON.stringify(schema.const)}`]);
  if (schema.enum) return new Set(schema.enum.map((v) => (v === null ? 'type null' : `value ${JSON.stringify(v)}`)));
  if (schema.type === undefined) return 'any';
  return new Set((Array.isArray(schema.type) ? schema.type : [schema.type]).map((t) => `type ${t}`));
}

function admits(set: Set<string>, token: string): boolean {
  if (set.has(token)) return true;
  if (token === 'type integer' && set.has('type number')) return true;
  const value = /^value (.*)$/.exec(token)?.[1];
  if (value === undefined) return false;
  const type = typeof JSON.parse(value);
  return set.has(`type ${type}`) || (type === 'number' && Number.isInteger(JSON.parse(value)) && set.has('type integer'));
}

function listTokens(tokens: string[]): string {
  return tokens.map((t) => t.replace(/^(type|value) /, '')).join(', ');
}

function compare(changes: string[], path: string, was: Located, now: Located, seen: Set<string>): void {
  const key = `${path}|${JSON.stringify(was.schema)}|${JSON.stringify(now.schema)}`;
  if (seen.has(key)) return;
  seen.add(key);
  const before = resolve(was);
  const after = resolve(now);

  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (before[combinator] || after[combinator]) {
      if (JSON.stringify(before[combinator]) !== JSON.stringify(after[combinator])) {
        changes.push(`${path}: ${combinator} changed (the gate cannot tell whether that is compatible; review it and release on purpose)`);
      }
      return;
    }
  }

  const a = allowed(before);
  const b = allowed(after);
  if (a !== 'any' || b !== 'any') {
    const narrowed = a === 'any' ? ['any value'] : [...a].filter((t) => b !== 'any' && !admits(b, t));
    const widened = b === 'any' ? ['any value'] : [...b].filter((t) => a !== 'any' && !admits(a, t));
    if (narrowed.length)
      changes.push(`${path}: type narrowed, no longer allows ${listTokens(narrowed)} (events already on the topic carry it)`);
    if (widened.length) changes.push(`${path}: type widened, now allows ${listTokens(widened)} (running consumers do not expect it)`);
  }

  const beforeProps = before.properties ?? {};
  const afterProps = after.properties ?? {};
  const beforeRequired = new Set(before.required ?? []);
  for (const field of Object.keys(beforeProps)) {
    if (!(field in afterProps)) changes.push(`${path}.${field}: removed (or renamed): running consumers read it`);
  }
  for (const field of after.required ?? []) {
    if (beforeRequired.has(field)) continue;
    if (field in beforeProps) changes.push(`${path}.${field}: was optional, now required (events already on the topic lack it)`);
    else changes.push(`${path}.${field}: new required field (events already on the topic lack it; add it as optional)`);
  }
  const afterRequired = new Set(after.required ?? []);
  for (const field of beforeRequired) {
    if (field in afterProps && !afterRequired.has(field))
      changes.push(`${path}.${field}: was required, now optional (running consumers expect it on every event)`);
  }
  for (const field of Object.keys(beforeProps)) {
    if (field in afterProps) {
      compare(changes, `${path}.${field}`, { doc: was.doc, schema: beforeProps[field] }, { doc: now.doc, schema: afterProps[field] }, seen);
    }
  }
  if (before.items && after.items) {
    compare(changes, `${path}[]`, { doc: was.doc, schema: before.items }, { doc: now.doc, schema: after.items }, seen);
  }
  const beforeExtra = before.additionalProperties;
  const afterExtra = after.additionalProperties;
  if (typeof beforeExtra === 'object' && typeof afterExtra === 'object') {
    compare(changes, `${path}{}`, { doc: was.doc, schema: beforeExtra }, { doc: now.doc, schema: afterExtra }, seen);
  } else if (beforeExtra !== false && afterExtra === false) {
    changes.push(`${path}: no longer allows fields beyond its own`);
  }
}
