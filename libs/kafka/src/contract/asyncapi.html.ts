import type { AsyncApiDocument } from './asyncapi';
import type { JsonSchema } from './json-schema';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const code = (text: string) => `<code>${escape(text)}</code>`;

interface Row {
  field: string;
  type: string;
  required: boolean;
  description: string;
}

/** A readable page of the contract, self-contained (no script, no CDN): channels, messages, every field of each. */
export function renderAsyncApiHtml(doc: AsyncApiDocument, jsonUrl = '/asyncapi'): string {
  const resolve = (schema: JsonSchema): JsonSchema => {
    let s = schema;
    while (s.$ref) s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
    return s;
  };
  const typeOf = (schema: JsonSchema): string => {
    const s = resolve(schema);
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['any'];
    const named = types.map((t) => (t === 'array' && s.items ? `${typeOf(s.items)}[]` : t));
    const extras = [s.format && `format ${s.format}`, s.minimum !== undefined && `>= ${s.minimum}`].filter(Boolean);
    return named.join(' | ') + (extras.length ? ` (${extras.join(', ')})` : '');
  };
  const rows = (schema: JsonSchema, prefix: string, depth = 0): Row[] => {
    const s = resolve(schema);
    const target = s.type === 'array' && s.items ? resolve(s.items) : s;
    const at = s.type === 'array' ? `${prefix}[]` : prefix;
    if (!target.properties || depth > 6) return [];
    const required = new Set(target.required ?? []);
    return Object.entries(target.properties).flatMap(([name, child]) => {
      const field = at ? `${at}.${name}` : name;
      const own = {
        field,
        type: typeOf(child),
        required: required.has(name),
        description: resolve(child).description ?? child.description ?? '',
      };
      return [own, ...rows(child, field, depth + 1)];
    });
  };
  const table = (list: Row[]) =>
    `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${list
      .map(
        (r) =>
          `<tr><td>${code(r.field)}</td><td>${code(r.type)}</td><td>${r.required ? 'yes' : 'no'}</td><td>${escape(r.description)}</td></tr>`,
      )
      .join('')}</tbody></table>`;

  const messages = Object.values(doc.components.messages);
  const envelope = messages[0]
    ? rows(
        {
          ...messages[0].payload,
          properties: {
            ...messages[0].payload.properties,
            event_type: { ...messages[0].payload.properties?.event_type, const: undefined },
            data: { type: 'object' },
          },
        },
        '',
      )
    : [];
  const channels = Object.entries(doc.channels).map(([name, channel]) => {
    const own = Object.keys(channel.messages).map((type) => doc.components.messages[type]);
    return `<section id="channel-${escape(name)}"><h2>Topic ${code(channel.address)}</h2><p>${escape(channel.description)}</p>${own
      .map(
        (m) =>
          `<article id="${escape(m.name)}"><h3>${code(m.name)}</h3><p>${escape(m.summary)}; key = ${code('entity_id')}. ` +
          `<code>data</code>:</p>${table(rows(m.payload.properties?.data ?? {}, ''))}</article>`,
      )
      .join('')}</section>`;
  });
  const nav = Object.entries(doc.channels)
    .map(
      ([name, channel]) =>
        `<li>${code(name)}: ${Object.keys(channel.messages)
          .map((t) => `<a href="#${escape(t)}">${escape(t)}</a>`)
          .join(', ')}</li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} ${escape(doc.info.version)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{font:13px ui-monospace,monospace}h2{margin-top:2.5rem;border-bottom:2px solid #333}h3{margin-bottom:.25rem}</style></head>
<body><h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1><p>${escape(doc.info.description)}</p>
<p>AsyncAPI ${escape(doc.asyncapi)}, ${messages.length} messages on ${Object.keys(doc.channels).length} topics. Machine-readable: <a href="${escape(jsonUrl)}">${escape(jsonUrl)}</a>.</p>
<ul>${nav}</ul><h2>Envelope (every message)</h2>${table(envelope)}${channels.join('')}</body></html>
`;
}
