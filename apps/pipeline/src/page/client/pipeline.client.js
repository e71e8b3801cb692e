// The pipeline page's script (served as /assets/pipeline.js): keeps the server-rendered page live from /api/stream.
/* global document, EventSource, fetch, window */
(() => {
  const $ = (id) => document.getElementById(id);
  const esc = (v) =>
    String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const COLORS = { user: '#0b57d0', order: '#137333', post: '#a142f4', product: '#e37400', supplier: '#c5221f' };
  const state = { history: [], feed: [], received: 0, types: new Set(), dlqTotal: -1, watching: null, following: null, steps: [] };

  function renderApps(tick) {
    for (const [id, app] of [
      ['backend-ready', tick.backend],
      ['analytics-ready', tick.analytics],
    ]) {
      const el = $(id);
      el.className = `app ${app.ready ? 'up' : 'down'}`;
      el.querySelector('span').textContent = app.ready ? 'ready' : `not ready: ${app.reason}`;
    }
    $('outbox').textContent = tick.outbox ? `${tick.outbox.documents}` : '-';
    $('kafka-error').textContent = tick.kafkaError ? `Kafka: ${tick.kafkaError}` : '';
  }

  function renderPartitions(tick) {
    if (!tick.partitions) return;
    $('partitions').innerHTML = tick.partitions
      .map(
        (p) =>
          `<tr data-topic="${esc(p.topic)}" data-partition="${p.partition}"><td>${esc(p.topic)}</td><td>${p.partition}</td>` +
          `<td>${p.end}</td><td>${p.committed < 0 ? '-' : p.committed}</td><td class="lag">${p.lag}</td></tr>`,
      )
      .join('');
    $('total-lag').textContent = String(tick.partitions.reduce((sum, p) => sum + p.lag, 0));
  }

  function renderChart() {
    const points = state.history;
    const topics = Object.keys(COLORS);
    const max = Math.max(1, ...points.flatMap((p) => topics.map((t) => p.rates[t] ?? 0)));
    const now = Date.now();
    const x = (at) => 600 - ((now - at) / 300000) * 600;
    const y = (v) => 135 - (v / max) * 125;
    $('chart').innerHTML =
      `<text x="2" y="10" font-size="10">${max} /s</text>` +
      topics
        .map((t) => {
          const line = points.map((p) => `${x(p.at).toFixed(1)},${y(p.rates[t] ?? 0).toFixed(1)}`).join(' ');
          return `<polyline fill="none" stroke="${COLORS[t]}" stroke-width="1.5" points="${line}"/>`;
        })
        .join('');
    const last = points[points.length - 1];
    $('legend').innerHTML = topics
      .map((t) => `<span style="color:${COLORS[t]}">■ ${t} ${last ? (last.rates[t] ?? 0) : 0}/s</span>`)
      .join('');
  }

  const kindOf = (record) => (record.event_type ?? record.topic).split('.')[0];

  function renderFeed() {
    const type = $('filter-type').value;
    const entity = $('filter-entity').value.trim();
    const rows = [];
    for (let i = state.feed.length - 1; i >= 0 && rows.length < 100; i--) {
      const e = state.feed[i];
      if ((type && e.event_type !== type) || (entity && e.entity_id !== entity)) continue;
      rows.push(
        `<tr data-event-id="${esc(e.event_id)}" data-entity="${esc(e.entity_id)}" data-outcome="${esc(e.outcome)}">` +
          `<td>${esc(e.at.slice(11, 23))}</td><td>${esc(e.event_type ?? '(not an envelope)')}</td>` +
          `<td>${e.entity_id ? `<button class="link follow" data-kind="${esc(kindOf(e))}" data-id="${esc(e.entity_id)}" title="${esc(e.entity_id)}">…${esc(e.entity_id.slice(-8))}</button>` : ''}</td>` +
          `<td>${esc(e.topic)}[${e.partition}]@${esc(e.offset)}</td><td>${e.entity_version ?? ''}</td>` +
          `<td class="${esc(e.outcome)}" title="${esc(e.error ?? '')}">${esc(e.outcome)}</td><td>${e.delay_ms === null ? '' : `${e.delay_ms} ms`}</td></tr>`,
      );
    }
    $('feed').innerHTML = rows.join('');
  }

  function addFeed(records) {
    let newType = false;
    for (const r of records) {
      r.n = ++state.received;
      state.feed.push(r);
      if (r.event_type && !state.types.has(r.event_type)) newType = state.types.add(r.event_type);
    }
    if (state.feed.length > 500) state.feed.splice(0, state.feed.length - 500);
    if (newType) {
      const chosen = $('filter-type').value;
      $('filter-type').innerHTML =
        '<option value="">all</option>' +
        [...state.types]
          .sort()
          .map((t) => `<option${t === chosen ? ' selected' : ''}>${esc(t)}</option>`)
          .join('');
    }
    if (records.length) renderFeed();
    watchReplay();
    watchJourney();
  }

  // Dead letters: the list reloads when a DLQ topic grows.
  async function loadLetters() {
    const topics = await (await fetch('/api/dead-letters')).json();
    $('dlq-list').innerHTML = topics
      .flatMap((t) =>
        t.letters.map((l) => {
          const [topic, at] = l.where.split(':');
          return (
            `<tr data-where="${esc(l.where)}" data-event-id="${esc(l.event_id)}"><td>${esc(l.where)}</td><td>${esc(l.event_type ?? '(not an envelope)')}</td>` +
            `<td>attempts ${l.attempts ?? '?'}</td><td class="reason" title="${esc(l.reason)}">${esc(l.reason.slice(0, 160))}</td><td>${l.replayed ? 'replayed' : ''}</td>` +
            `<td><button class="open" data-topic="${esc(topic)}" data-at="${esc(at)}">open</button> ` +
            `<button class="replay" data-topic="${esc(topic)}" data-at="${esc(at)}" data-event-id="${esc(l.event_id)}">replay</button></td></tr>`
          );
        }),
      )
      .join('');
  }

  function renderDeadLetterCounts(tick) {
    const counts = tick.deadLetters ?? {};
    $('dlq-counts').textContent = Object.entries(counts)
      .map(([t, n]) => `dlq.${t}: ${n}`)
      .join('  ');
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (Object.keys(counts).length && total !== state.dlqTotal) {
      state.dlqTotal = total;
      void loadLetters();
    }
  }

  async function openLetter(topic, at) {
    const letter = await (await fetch(`/api/dead-letters/${encodeURIComponent(topic)}/${encodeURIComponent(at)}`)).json();
    $('letter').hidden = false;
    $('letter').textContent = JSON.stringify(letter, null, 2);
  }

  async function replay(topic, at, eventId) {
    $('replay-status').textContent = `replaying ${topic}:${at}...`;
    delete $('replay-status').dataset.outcome;
    // Only outcomes received after this click count: an earlier replay of the same event is in the feed too.
    const after = state.received;
    const response = await fetch(`/api/dead-letters/${encodeURIComponent(topic)}/${encodeURIComponent(at)}/replay`, { method: 'POST' });
    const report = await response.json();
    if (!response.ok) return void ($('replay-status').textContent = `replay failed: ${report.message}`);
    state.watching = report.replayed ? { eventId, after, lines: report.lines.join('; ') } : null;
    $('replay-status').textContent = `${report.lines.join('; ')}${report.replayed ? ': waiting for the consumer...' : ''}`;
    watchReplay();
  }

  function watchReplay() {
    const w = state.watching;
    if (!w) return;
    const seen = state.feed.filter((e) => e.event_id === w.eventId && e.n > w.after);
    if (!seen.length) return;
    const e = seen[seen.length - 1];
    const status = $('replay-status');
    status.dataset.outcome = e.outcome;
    status.textContent = `${w.lines}: ${e.outcome} at ${e.topic}[${e.partition}]@${e.offset}${e.delay_ms === null ? '' : ` (${e.delay_ms} ms after its timestamp)`}`;
    state.watching = null;
  }

  // Follow an entity: its document (backend), its events (feed), its rows (MySQL), refreshed each second while shown.
  async function follow(kind, id) {
    state.following = { kind, id };
    $('entity-kind').value = kind;
    $('entity-id').value = id;
    await refreshEntity();
  }

  /** rows as a table; `marks` holds `<row index>.<column>` of the cells to highlight. */
  function table(rows, marks = new Set()) {
    if (!rows.length) return '<i>no row</i>';
    const cols = Object.keys(rows[0]);
    const cell = (r, i, c) =>
      `<td data-col="${esc(c)}"${marks.has(`${i}.${c}`) || marks.has(`${i}.*`) ? ' class="diff"' : ''}>${esc(r[c])}</td>`;
    return `<table><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${rows
      .map((r, i) => `<tr>${cols.map((c) => cell(r, i, c)).join('')}</tr>`)
      .join('')}</table>`;
  }

  /** The reconcile check: equal, or each difference; and the marks for the row table and the child table. */
  function reconcileOf(r) {
    const marks = { row: new Set(), children: new Set() };
    if ('error' in r) return { html: `<div id="reconcile" data-equal="unknown">could not compare: ${esc(r.error)}</div>`, marks };
    for (const d of r.differences) {
      const m = /^(row|children)(?:\[(\d+)\])?(?:\.(.+))?$/.exec(d.path);
      if (m) marks[m[1]].add(`${m[2] ?? 0}.${m[3] ?? '*'}`);
    }
    const equal = r.differences.length === 0;
    const html =
      `<div id="reconcile" data-equal="${equal}" class="${equal ? 'up' : 'down'}">` +
      (equal
        ? 'MySQL holds what the contract derives from the MongoDB document'
        : `${r.differences.length} difference(s) between the MongoDB document and MySQL`) +
      '</div>' +
      (equal
        ? ''
        : table(
            r.differences.map((d) => ({ column: d.path, 'from MongoDB': JSON.stringify(d.expected), MySQL: JSON.stringify(d.actual) })),
          ));
    return { html, marks };
  }

  async function refreshEntity() {
    const f = state.following;
    if (!f) return;
    const response = await fetch(`/api/entities/${f.kind}/${f.id}`);
    const view = await response.json();
    if (state.following !== f) return; // followed another entity meanwhile: a late answer must not replace its view
    if (!response.ok) return void ($('entity').textContent = view.message);
    const doc =
      'failure' in view.document ? `backend not answering: ${view.document.failure}` : JSON.stringify(view.document.body, null, 2);
    const check = reconcileOf(view.reconcile);
    const [main, child] = Object.keys(view.rows);
    $('entity').innerHTML =
      `<h3>Read model check</h3>${check.html}` +
      `<h3>MongoDB (GET /${esc(f.kind)}s/${esc(f.id)}: ${esc(view.document.status ?? '')})</h3><pre>${esc(doc)}</pre>` +
      `<h3>Events in Kafka order</h3>${table(view.events.map((e) => ({ 'partition@offset': `${e.topic}[${e.partition}]@${e.offset}`, type: e.event_type, version: e.entity_version ?? '', outcome: e.outcome })))}` +
      Object.entries(view.rows)
        .map(([name, rows]) => {
          const marks = name === main ? check.marks.row : name === child ? check.marks.children : undefined;
          return `<h3 data-table="${esc(name)}">MySQL ${esc(name)}</h3><div class="rows" data-table="${esc(name)}">${table(rows, marks)}</div>`;
        })
        .join('');
  }

  // Try it: one journey step per click, then watch its event arrive in the feed.
  async function nextStep() {
    $('journey-next').disabled = true;
    try {
      const response = await fetch('/api/journey/next', { method: 'POST' });
      const step = await response.json();
      if (!response.ok) throw new Error(step.message);
      const touched = step.touched[0];
      state.steps.push({ ...step, since: Date.now() - 1000, arrived: null, entity: touched?.id });
      $('journey-next').textContent = step.finished ? 'run it again' : `run step ${step.number + 1} of ${step.total}`;
      renderSteps();
      watchJourney();
    } catch (err) {
      $('journey-log').insertAdjacentHTML('beforeend', `<tr><td colspan="4" class="dead-lettered">${esc(err.message)}</td></tr>`);
    } finally {
      $('journey-next').disabled = false;
    }
  }

  function watchJourney() {
    let changed = false;
    for (const s of state.steps.filter((s) => !s.arrived)) {
      const e = state.feed.find((e) => e.entity_id === s.entity && e.event_type === s.event_type && Date.parse(e.at) >= s.since);
      if (e) changed = s.arrived = e;
    }
    if (changed) renderSteps();
  }

  function renderSteps() {
    $('journey-log').innerHTML = state.steps
      .slice(-12)
      .map(
        (s) =>
          `<tr><td>${s.number}/${s.total}</td><td>${esc(s.label)}</td><td>${s.entity ? `<button class="link follow" data-kind="${esc(s.touched[0].kind)}" data-id="${esc(s.entity)}">${esc(s.entity)}</button>` : ''}</td>` +
          `<td class="${s.arrived ? esc(s.arrived.outcome) : ''}">${s.arrived ? `${esc(s.arrived.outcome)} at ${esc(s.arrived.topic)}[${s.arrived.partition}]@${esc(s.arrived.offset)}, ${s.arrived.delay_ms} ms` : 'waiting for its event...'}</td></tr>`,
      )
      .join('');
  }

  document.addEventListener('click', (event) => {
    const el = event.target.closest('button');
    if (!el) return;
    if (el.classList.contains('follow')) void follow(el.dataset.kind, el.dataset.id);
    else if (el.classList.contains('open')) void openLetter(el.dataset.topic, el.dataset.at);
    else if (el.classList.contains('replay')) void replay(el.dataset.topic, el.dataset.at, el.dataset.eventId);
    else if (el.id === 'dlq-refresh') void loadLetters();
    else if (el.id === 'entity-go') void follow($('entity-kind').value, $('entity-id').value.trim());
    else if (el.id === 'journey-next') void nextStep();
    else if (el.id === 'journey-reset') {
      state.steps = [];
      renderSteps();
      $('journey-next').textContent = 'run the first step';
      void fetch('/api/journey/reset', { method: 'POST' });
    }
  });
  $('filter-type').addEventListener('change', renderFeed);
  $('filter-entity').addEventListener('input', renderFeed);

  const stream = new EventSource('/api/stream');
  stream.addEventListener('snapshot', (message) => {
    const { history, feed, tick } = JSON.parse(message.data);
    state.history = history;
    state.feed = [];
    addFeed(feed);
    renderFeed();
    if (tick) onTick(tick, false);
    renderChart();
  });
  stream.addEventListener('tick', (message) => onTick(JSON.parse(message.data), true));

  function onTick(tick, live) {
    renderApps(tick);
    renderPartitions(tick);
    renderDeadLetterCounts(tick);
    if (live) {
      if (tick.rate) state.history.push(tick.rate);
      if (state.history.length > 300) state.history.shift();
      addFeed(tick.feed);
      renderChart();
      void refreshEntity();
    }
    document.body.dataset.lastTick = String(tick.at);
  }
  window.pipeline = state;
})();
