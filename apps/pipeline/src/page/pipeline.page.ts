import type { Tick } from '../live/pipeline-sampler';

const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function readiness(id: string, name: string, state: Tick['backend'] | undefined): string {
  const text = !state ? 'waiting for the first sample' : state.ready ? 'ready' : `not ready: ${state.reason}`;
  return `<div class="app ${state?.ready ? 'up' : 'down'}" id="${id}"><b>${name}</b> <span>${esc(text)}</span></div>`;
}

function partitionRows(tick: Tick | undefined): string {
  return (tick?.partitions ?? [])
    .map(
      (p) =>
        `<tr data-topic="${esc(p.topic)}" data-partition="${p.partition}"><td>${esc(p.topic)}</td><td>${p.partition}</td>` +
        `<td>${p.end}</td><td>${p.committed < 0 ? '-' : p.committed}</td><td class="lag">${p.lag}</td></tr>`,
    )
    .join('');
}

/**
 * The page itself, rendered with the latest sample so it shows something before its script connects;
 * /assets/pipeline.js then keeps it live from /api/stream. No external resource: styles inline, the chart is SVG.
 */
export function renderPage(tick: Tick | undefined): string {
  const lag = (tick?.partitions ?? []).reduce((sum, p) => sum + p.lag, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pipeline · social commerce events</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{background:#1d232b;color:#fff;padding:8px 16px;display:flex;gap:24px;align-items:center}
header h1{font-size:16px;margin:0}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:12px;padding:12px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 12px;overflow:auto;max-height:520px}
h2{font-size:14px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}td,th{padding:2px 6px;border-bottom:1px solid #eef0f3;text-align:left;white-space:nowrap}
th{font-weight:600;color:#56606b}
.app{display:inline-block;padding:2px 8px;border-radius:4px;margin-right:6px;color:#1d232b}
td.reason{white-space:normal;min-width:220px}.up{background:#dcf5e3}.down{background:#fde2e1}
.applied{color:#137333}.duplicate,.stale,.superseded{color:#8a6d00}.dead-lettered{color:#c5221f;font-weight:600}
button{font:inherit;cursor:pointer}button.link{border:0;background:none;color:#0b57d0;padding:0;text-decoration:underline}
pre{background:#f1f3f4;padding:6px;max-height:220px;overflow:auto;font-size:12px;white-space:pre-wrap}
.diff{background:#fde2e1}.fresh{animation:fresh 2s}@keyframes fresh{from{background:#fff3b0}to{background:none}}
#chart{width:100%;height:140px}.legend span{margin-right:10px}
</style></head>
<body>
<header><h1>Pipeline</h1>
${readiness('backend-ready', 'backend', tick?.backend)}
${readiness('analytics-ready', 'analytics', tick?.analytics)}
<div>outbox backlog: <b id="outbox">${tick?.outbox ? tick.outbox.documents : '-'}</b> documents</div>
<div>total lag: <b id="total-lag">${lag}</b></div>
<div id="kafka-error">${esc(tick?.kafkaError ?? '')}</div>
</header>
<main>
<section id="live"><h2>Live pipeline: analytics group offsets</h2>
<table><thead><tr><th>topic</th><th>partition</th><th>log end</th><th>committed</th><th>lag</th></tr></thead>
<tbody id="partitions">${partitionRows(tick)}</tbody></table>
<h2>Events/s per topic (last 5 minutes)</h2><svg id="chart" viewBox="0 0 600 140" preserveAspectRatio="none"></svg>
<div class="legend" id="legend"></div></section>
<section id="events"><h2>Event feed</h2>
<label>type <select id="filter-type"><option value="">all</option></select></label>
<label>entity <input id="filter-entity" placeholder="entity id" size="26"></label>
<table><thead><tr><th>time</th><th>type</th><th>entity</th><th>partition@offset</th><th>version</th><th>outcome</th><th>API→row</th></tr></thead>
<tbody id="feed"></tbody></table></section>
<section id="dead-letters"><h2>Dead letters <button id="dlq-refresh">refresh</button></h2>
<div id="dlq-counts"></div><div id="replay-status"></div><table><tbody id="dlq-list"></tbody></table><pre id="letter" hidden></pre></section>
<section id="follow"><h2>Follow an entity</h2>
<select id="entity-kind"><option>order</option><option>user</option><option>product</option><option>supplier</option><option>post</option></select>
<input id="entity-id" placeholder="24-hex id" size="26"> <button id="entity-go">follow</button>
<div id="entity"></div></section>
<section id="try"><h2>Try it: the demo journey, step by step</h2>
<button id="journey-next">run the first step</button> <button id="journey-reset">start over</button>
<table><tbody id="journey-log"></tbody></table></section>
</main>
<script src="/assets/pipeline.js"></script>
</body></html>
`;
}
