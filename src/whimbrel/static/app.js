// whimbrel dashboard: map, timeline, filters, event list and event view over the REST API.
// Every piece of article text is put in the page with textContent (never innerHTML), so
// markup inside an article is shown as text and never runs.
(function () {
  "use strict";

  const QUAD = {
    0: { name: "neutral (statements, appeals)", color: "#8a8f98" },
    1: { name: "verbal cooperation", color: "#2e9d57" },
    2: { name: "material cooperation", color: "#2f6fca" },
    3: { name: "verbal conflict", color: "#e08a1e" },
    4: { name: "material conflict", color: "#cf2f2f" },
  };
  const PAGE = 50;
  // area: the map circle whose events are listed ({bbox, label}): its bbox selects exactly the events it counts.
  const state = { filters: {}, offset: 0, total: 0, selected: null, area: null };
  let generation = 0; // bumped by every refresh (the loading flag belongs to the latest)
  const seq = { map: 0, timeline: 0, events: 0 }; // per kind: only the latest request's answer is shown

  // ------------------------------------------------------------------ helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "style") node.style.cssText = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  // The form's fields as the API's filters (the names of whimbrel query's Filters): a list of
  // [name, value] pairs. The actor box takes a name, an ISO3 country (SYR) or a CAMEO-style code
  // of country and sector (SYRMIL: one actor of both).
  function apiFilter(k, v) {
    if (k === "actor") {
      if (/^[A-Z]{3}$/.test(v)) return [["actor_country", v]];
      if (/^[A-Z]{6}$/.test(v)) return [["actor_country", v.slice(0, 3)], ["actor_sector", v.slice(3)]];
      return [["actor_name", v]];
    }
    if (k === "country") return [["place_country", v.toUpperCase()]];
    if (k === "start") return [["date_from", v]];
    if (k === "end") return [["date_to", v]];
    return [[k, v]];
  }

  function query(extra, omit) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(state.filters)) {
      if (v && !(omit || []).includes(k)) for (const [name, value] of apiFilter(k, v)) p.set(name, value);
    }
    if (state.area && !(omit || []).includes("area")) p.set("bbox", state.area.bbox);
    for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== null && v !== "") p.set(k, v);
    return p.toString();
  }

  async function getJSON(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  function actorLabel(actors) {
    return (actors || []).map((a) => {
      const code = a.code || (a.country && a.country !== "UNK" ? a.country : "");
      return code ? `${a.text} [${code}]` : a.text;
    }).join("; ");
  }

  function placeLabel(loc) {
    if (!loc) return "";
    const name = loc.name || loc.text || "";
    return loc.country ? `${name} (${loc.country})` : name;
  }

  function quadDot(q) {
    const info = QUAD[q] || { color: "#888", name: "?" };
    return el("span", { class: "quad", style: `background:${info.color}`, title: info.name });
  }

  function showError(where, err) {
    where.replaceChildren(el("p", { class: "error" }, `Error: ${err.message}`));
  }

  // ------------------------------------------------------------------ map

  const map = L.map("map", { preferCanvas: true, worldCopyJump: false, minZoom: 1, maxZoom: 12,
                             attributionControl: false, zoomSnap: 0.5 }).setView([25, 20], 2);
  map.createPane("outline").style.zIndex = 350;  // under the markers' overlay pane (400)
  const outlineRenderer = L.canvas({ pane: "outline", padding: 0.2 });
  const renderer = L.canvas({ padding: 0.2 });
  let markers = L.layerGroup().addTo(map);

  fetch("/static/vendor/world-110m.geojson").then((r) => r.json()).then((world) => {
    L.geoJSON(world, { interactive: false, renderer: outlineRenderer,
      style: { color: "#8a9aa8", weight: 0.7, fillColor: "#f5f3ec", fillOpacity: 1 } }).addTo(map);
    document.getElementById("map").dataset.outline = String(world.features.length);
  });

  const legend = document.getElementById("legend");
  for (const [q, info] of Object.entries(QUAD)) {
    legend.append(el("span", { style: `background:${info.color}` }), info.name);
  }

  async function loadMap() {
    const mine = ++seq.map;
    const data = await getJSON(`/api/map?${query({ zoom: Math.round(map.getZoom()) })}`);
    if (mine !== seq.map) return; // a newer request is on its way: drop this stale answer
    const layer = L.layerGroup();
    const max = Math.max(1, ...data.features.map((f) => f.properties.count));
    for (const f of data.features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const quads = p.quad || {};
      let best = null;
      for (const [q, n] of Object.entries(quads)) if (best === null || n > quads[best]) best = q;
      const color = (QUAD[best] || { color: "#777" }).color;
      const radius = 4 + 14 * Math.sqrt(p.count / max);
      const m = L.circleMarker([lat, lon], { renderer, radius, color: "#fff", weight: 1, fillColor: color, fillOpacity: 0.8 });
      const box = el("div", { class: "popup" },
        el("strong", {}, p.name || `${lat.toFixed(2)}, ${lon.toFixed(2)}`),
        p.country ? ` (${p.country})` : "", el("br"),
        `${p.count} event${p.count === 1 ? "" : "s"}`, el("br"),
        el("button", { type: "button", class: "near-here", onclick: () => {
          // A grid cell: its box; a place: its exact position (the API gives both as bbox).
          const where = p.name || `${lat.toFixed(2)}, ${lon.toFixed(2)}`;
          state.area = { bbox: p.bbox.map(String).join(","),
                         label: data.aggregated ? ` in the map cell of ${where}` : ` at ${where}` };
          map.closePopup(); state.offset = 0; refresh();
        } }, "Show these events"));
      m.bindPopup(box);
      layer.addLayer(m);
    }
    map.removeLayer(markers);
    markers = layer.addTo(map);
    document.getElementById("map").dataset.features = String(data.features.length);
    document.getElementById("map").dataset.aggregated = String(!!data.aggregated);
  }
  map.on("zoomend", () => loadMap().catch(() => {}));

  // ------------------------------------------------------------------ timeline (brush to filter)

  const svg = document.getElementById("timeline");
  const SVGNS = "http://www.w3.org/2000/svg";
  let days = [];
  let scale = null;

  function sv(tag, attrs) {
    const n = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    return n;
  }

  function dayNum(s) { return Math.floor(Date.parse(s + "T00:00:00Z") / 86400000); }
  function numDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  async function loadTimeline() {
    const mine = ++seq.timeline;
    const data = await getJSON(`/api/timeline?${query({ by: "quad_class" }, ["start", "end"])}`);
    if (mine !== seq.timeline) return;
    days = data.days || [];
    drawTimeline();
  }

  function drawTimeline() {
    const w = svg.clientWidth || 600, h = svg.clientHeight || 110, pad = 18;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    if (!days.length) {
      const t = sv("text", { x: 10, y: 20, fill: "#778", "font-size": 12 }); t.textContent = "No dated events.";
      svg.append(t); scale = null; return;
    }
    const d0 = dayNum(days[0].day), d1 = dayNum(days[days.length - 1].day);
    const span = Math.max(1, d1 - d0 + 1);
    const bw = (w - 2 * pad) / span;
    const max = Math.max(1, ...days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0)));
    scale = { d0, d1, bw, pad, w, h };
    for (const d of days) {
      let y = h - pad;
      const x = pad + (dayNum(d.day) - d0) * bw;
      for (const q of ["4", "3", "2", "1", "0"]) {
        const n = d.counts[q] || 0;
        if (!n) continue;
        const bh = (h - 2 * pad) * n / max;
        y -= bh;
        const r = sv("rect", { x, y, width: Math.max(1, bw - (bw > 3 ? 1 : 0)), height: bh, fill: QUAD[q].color });
        const title = sv("title", {}); title.textContent = `${d.day}: ${n} ${QUAD[q].name}`;
        r.append(title); svg.append(r);
      }
    }
    const axis = sv("line", { x1: pad, x2: w - pad, y1: h - pad, y2: h - pad, stroke: "#99a" }); svg.append(axis);
    for (const [x, label, anchor] of [[pad, numDay(d0), "start"], [w - pad, numDay(d1), "end"]]) {
      const t = sv("text", { x, y: h - 4, "font-size": 11, fill: "#556", "text-anchor": anchor }); t.textContent = label; svg.append(t);
    }
    const { start, end } = state.filters;
    if (start || end) {
      const a = start ? dayNum(start) : d0, b = end ? dayNum(end) : d1;
      svg.append(sv("rect", { class: "brush", x: pad + (a - d0) * bw, y: 2, width: Math.max(2, (b - a + 1) * bw),
                              height: h - pad - 2, fill: "rgba(40,90,160,.15)", stroke: "#285aa0",
                              "pointer-events": "none" }));
    }
  }

  function xToDay(x) {
    const n = Math.floor((x - scale.pad) / scale.bw) + scale.d0;
    return Math.min(scale.d1, Math.max(scale.d0, n));
  }

  let brushFrom = null, brushRect = null;
  function svgX(ev) { const r = svg.getBoundingClientRect(); return (ev.clientX - r.left) * (scale.w / r.width); }
  svg.addEventListener("mousedown", (ev) => {
    if (!scale) return;
    brushFrom = svgX(ev);
    brushRect = sv("rect", { x: brushFrom, y: 2, width: 1, height: scale.h - scale.pad - 2, fill: "rgba(40,90,160,.2)",
                             "pointer-events": "none" });
    svg.append(brushRect);
  });
  window.addEventListener("mousemove", (ev) => {
    if (brushFrom === null) return;
    const x = svgX(ev);
    brushRect.setAttribute("x", Math.min(x, brushFrom)); brushRect.setAttribute("width", Math.abs(x - brushFrom));
  });
  window.addEventListener("mouseup", (ev) => {
    if (brushFrom === null) return;
    const x = svgX(ev);
    const a = xToDay(Math.min(x, brushFrom)), b = xToDay(Math.max(x, brushFrom));
    const moved = Math.abs(x - brushFrom);
    brushFrom = null;
    if (moved < 3) { brushRect.remove(); return; } // a click (or a double-click), not a brush
    setFilters({ ...state.filters, start: numDay(a), end: numDay(b) });
  });
  svg.addEventListener("dblclick", () => setFilters({ ...state.filters, start: "", end: "" }));
  window.addEventListener("resize", drawTimeline);

  // ------------------------------------------------------------------ event list

  const tbody = document.querySelector("#events tbody");

  async function loadEvents() {
    const mine = ++seq.events;
    const data = await getJSON(`/api/events?${query({ limit: PAGE, offset: state.offset })}`);
    if (mine !== seq.events) return;
    state.total = data.total;
    const rows = data.items.map((e) => {
      const tr = el("tr", { "data-event-id": e.event_id, onclick: () => openEvent(e.event_id) },
        el("td", {}, e.date && e.date.value ? e.date.value : ""),
        el("td", {}, quadDot(e.quad_class), e.event_type + (e.mode ? ` (${e.mode})` : ""),
           e.modality && e.modality !== "asserted" ? el("span", { class: "muted" }, ` [${e.modality}]`) : ""),
        el("td", {}, actorLabel(e.actors)),
        el("td", {}, actorLabel(e.recipients)),
        el("td", {}, placeLabel(e.location)),
        el("td", {}, e.evidence ? e.evidence.trigger : ""));
      if (e.event_id === state.selected) tr.classList.add("selected");
      return tr;
    });
    tbody.replaceChildren(...rows);
    if (!rows.length) tbody.append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No events match these filters.")));
    const last = Math.min(state.offset + PAGE, state.total);
    document.getElementById("page-info").textContent =
      state.total ? `${state.offset + 1}–${last} of ${state.total.toLocaleString("en")}` : "0 events";
    document.getElementById("prev").disabled = state.offset === 0;
    document.getElementById("next").disabled = last >= state.total;
    const area = state.area ? state.area.label : "";
    document.getElementById("summary").textContent = `${state.total.toLocaleString("en")} events${area}`;
  }

  document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
  document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; loadEvents(); });

  // ------------------------------------------------------------------ event view

  const panel = document.getElementById("event-panel");
  const view = document.getElementById("event-view");
  document.getElementById("close-event").addEventListener("click", () => { panel.hidden = true; state.selected = null; });

  // The evidence sentence with actor, trigger, recipient and place marked, from the record's
  // character offsets (document offsets; the sentence starts at evidence.sentence_start).
  function highlighted(e) {
    const ev = e.evidence;
    const s0 = ev.sentence_start, text = ev.sentence;
    const spans = [];
    const add = (start, end, kind, label) => {
      if (start === null || start === undefined || end === null || end === undefined) return;
      const a = start - s0, b = end - s0;
      if (a < 0 || b > text.length || b <= a) return;
      spans.push({ a, b, kind, label });
    };
    add(ev.trigger_start, ev.trigger_end, "trigger", "trigger");
    for (const x of e.actors || []) add(x.start, x.end, "actor", "actor");
    for (const x of e.recipients || []) add(x.start, x.end, "recipient", "recipient");
    if (e.location) add(e.location.start, e.location.end, "place", "place");
    spans.sort((p, q) => p.a - q.a || (q.b - q.a) - (p.b - p.a));
    // Nest marks (a place inside a recipient's phrase); a span that crosses another's edge is left out.
    const root = { a: 0, b: text.length, children: [] };
    const stack = [root];
    for (const s of spans) {
      while (stack.length > 1 && s.a >= stack[stack.length - 1].b) stack.pop();
      const parent = stack[stack.length - 1];
      if (s.b > parent.b) continue;
      const node = { ...s, children: [] };
      parent.children.push(node);
      stack.push(node);
    }
    function render(node, into) {
      let pos = node.a;
      for (const c of node.children) {
        into.append(text.slice(pos, c.a));
        const m = el("mark", { class: `hl-${c.kind}`, "data-kind": c.kind, title: c.label });
        render(c, m);
        into.append(m);
        pos = c.b;
      }
      into.append(text.slice(pos, node.b));
    }
    const out = el("p", { class: "evidence" });
    render(root, out);
    return out;
  }

  function dl(pairs) {
    const node = el("dl");
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === "") continue;
      node.append(el("dt", {}, k), el("dd", {}, v));
    }
    return node;
  }

  function attributionLabel(att) {
    if (!att || (!att.text && att.stance === "asserted")) return "";
    return `${att.stance}${att.text ? ": " + att.text : ""}${att.anonymous ? " (anonymous)" : ""}`;
  }

  function sizeLabel(size) {
    if (!size) return "";
    const parts = [];
    for (const k of ["dead", "injured", "arrested", "abducted", "participants"]) {
      if (size[k] !== null && size[k] !== undefined) {
        parts.push(`${k}: ${size[k]}${(size.approximate || []).includes(k) ? " (approx.)" : ""}`);
      }
    }
    return parts.join(", ");
  }

  async function openEvent(id) {
    state.selected = id;
    for (const tr of tbody.querySelectorAll("tr")) tr.classList.toggle("selected", tr.dataset.eventId === id);
    panel.hidden = false;
    view.replaceChildren(el("p", { class: "muted" }, "Loading…"));
    let data;
    try { data = await getJSON(`/api/events/${encodeURIComponent(id)}`); } catch (err) { showError(view, err); return; }
    const e = data.event, art = data.article || {};
    const loc = e.location;
    // Other tellings: later sentences of the same article (the store's mentions after the first,
    // else the record's other_mentions), then the events of other articles in the same cluster.
    const inArticle = (data.mentions || []).length
      ? data.mentions.filter((m) => m.position > 0).map((m) => ({
          where: `same article, sentence ${m.sentence_index} (${m.reason})`, sentence: m.sentence,
          source: m.source_text ? `${m.stance}: ${m.source_text}` : "" }))
      : (e.other_mentions || []).map((m) => ({
          where: `same article, sentence ${m.sentence_index} (${m.reason})`, sentence: m.evidence.sentence,
          source: attributionLabel(m.attribution) }));
    const elsewhere = (data.cluster_events || []).map((m) => ({
      where: [m.outlet || m.title || m.article_id, m.published, m.title && m.outlet ? m.title : ""].filter(Boolean).join(" · "),
      sentence: m.sentence || "", source: "" }));
    const mentions = inArticle.concat(elsewhere);
    const cl = data.cluster;
    view.replaceChildren(
      el("h2", {}, quadDot(e.quad_class), `${e.event_type}${e.mode ? " (" + e.mode + ")" : ""}`,
         el("span", { class: "muted" }, ` CAMEO ${e.cameo_code}`)),
      el("div", { class: "keys" }, el("mark", { class: "hl-actor" }, "actor"), el("mark", { class: "hl-trigger" }, "trigger"),
         el("mark", { class: "hl-recipient" }, "recipient"), el("mark", { class: "hl-place" }, "place")),
      highlighted(e),
      dl([
        ["Actor", actorLabel(e.actors)],
        ["Recipient", actorLabel(e.recipients)],
        ["Where", loc ? `${placeLabel(loc)}${loc.admin1 ? ", " + loc.admin1 : ""}${loc.precision ? " · " + loc.precision : ""}` : ""],
        ["When", e.date ? `${e.date.value || "?"} (${e.date.precision}${e.date.text ? ': "' + e.date.text + '"' : ""})` : ""],
        ["According to", attributionLabel(e.attribution)],
        ["Counts", sizeLabel(e.size)],
        ["Modality", e.modality],
        ["Goldstein", e.goldstein],
        ["Confidence", e.confidence],
        ["Rule", e.evidence.rule],
      ]),
      el("h3", {}, "Article"),
      dl([["Title", art.title], ["Outlet", art.outlet], ["Published", art.published],
          ["URL", art.url ? el("a", { href: /^https?:\/\//i.test(art.url) ? art.url : null, rel: "noopener noreferrer", target: "_blank" }, art.url) : ""]]),
      el("h3", {}, `Other mentions (${mentions.length})`),
      cl ? el("p", { class: "muted" }, `Reported ${cl.num_mentions} time${cl.num_mentions === 1 ? "" : "s"} in ` +
        `${cl.num_articles} article${cl.num_articles === 1 ? "" : "s"} from ${cl.num_sources} source${cl.num_sources === 1 ? "" : "s"}.`) : "",
      ...mentions.map((m) => el("div", { class: "mention" },
        el("div", { class: "muted" }, m.where), m.sentence, m.source ? el("div", { class: "muted" }, m.source) : "")),
    );
    if (!mentions.length) view.append(el("p", { class: "muted" }, "None."));
  }

  // ------------------------------------------------------------------ filters

  const form = document.getElementById("filters");
  const fields = ["event_type", "actor", "country", "start", "end"];

  function setFilters(f) {
    state.filters = {};
    for (const k of fields) if (f[k]) state.filters[k] = f[k];
    for (const k of fields) form.elements[k].value = state.filters[k] || "";
    state.offset = 0;
    refresh();
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = {};
    for (const k of fields) f[k] = form.elements[k].value.trim();
    setFilters(f);
  });
  document.getElementById("f-reset").addEventListener("click", () => { state.area = null; setFilters({}); });

  async function loadMeta() {
    const meta = await getJSON("/api/meta");
    const sel = document.getElementById("f-type");
    for (const t of meta.event_types || []) sel.append(el("option", { value: t }, t));
    const dl = document.getElementById("countries");
    for (const c of meta.countries || []) dl.append(el("option", { value: c }));
  }

  async function refresh() {
    const mine = ++generation;
    document.body.dataset.loading = "true";
    try {
      await Promise.all([loadEvents(), loadMap(), loadTimeline()]);
    } catch (err) {
      tbody.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "error" }, `Error: ${err.message}`)));
    } finally {
      if (mine === generation) document.body.dataset.loading = "false";
    }
  }

  window.whimbrel = { map, state, refresh };  // for the browser tests and the curious
  loadMeta().catch(() => {}).finally(refresh);
})();
