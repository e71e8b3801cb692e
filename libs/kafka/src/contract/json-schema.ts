/** The subset of JSON Schema (draft-07, which AsyncAPI 3.0 schemas extend) the contract uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  [keyword: string]: unknown;
}

/** What event-data.schemas.json holds: `data` per event type (mostly a $ref) and the shared definitions. */
export interface EventDataSchemas {
  $comment: string;
  data: Record<string, JsonSchema>;
  definitions: Record<string, JsonSchema>;
}
