// PMAD dashboard page. Live by server-sent events (/api/events): a snapshot on every (re)connect,
// then phase, round, agents, finished and log events. The browser's EventSource reconnects by
// itself; the snapshot that follows makes the page whole again, so nothing here polls.
//
// Events can arrive far faster than anyone can read: a short round takes a few milliseconds and
// brings eight events. So event handlers only update the model below; the header (phase, round
// counter) is drawn once per animation frame and the heavy parts (charts, tables, log) at most
// four times a second. The page then keeps up with any federation and stays responsive.
(() => {
  "use strict";

  const TOKEN_KEY = "pmad-dashboard-token";
  const HISTORY_ROWS = 200;       // newest rounds in the table (all of them are in /api/rounds)
  const LOG_LINES = 300;
  const CHART_POINTS = 300;       // longer runs are thinned for drawing; the table keeps every round
  const SLOW_RENDER_MS = 250;
  const CHART_RENDER_MS = 1000;
  const TERMINAL = ["IDLE", "COMPLETED", "STOPPED", "FAILED"];
  const $ = (id) => document.getElementById(id);

  const view = {
    phases: [],
    phase: "",
    reason: "",
    runId: "",
    round: 0,
    target: 0,
    running: false,
    rounds: new Map(),       // round number -> RoundStatus of the current run
    privacy: null,
    agents: [],
    agentsAt: 0,             // when the agents list arrived (heartbeat ages move on from there)
    pendingLog: [],          // log lines not drawn yet
    lastSeq: 0,              // last log line taken (snapshot and stream may overlap)
    lastRun: null,
    maxRounds: 1000,
    defaultRounds: 10,
    strategy: null,          // the current or last run's: { name, options }
    strategies: [],          // what the Start form offers: { name, options: [{ key, defaultValue, range, description }] }
    defaultStrategy: null,   // the federation's own, which the form proposes
  };
  // The control token: in sessionStorage, for this tab only, unless the user ticks "remember",
  // which also keeps it in localStorage (this browser profile, until Forget). A token left in
  // localStorage would outlive the tab on a shared computer, so that is opt-in.
  const tokens = {
    get: () => sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY),
    remembered: () => localStorage.getItem(TOKEN_KEY) !== null,
    keep(token, remember) {
      sessionStorage.setItem(TOKEN_KEY, token);
      if (remember) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    },
    forget() {
      sessionStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(TOKEN_KEY);
    },
  };

  // Exposed for the browser test: what the page has drawn, without scraping pixels.
  // renderedRounds: round counter values drawn; appliedRounds: rounds that arrived live, in order.
  window.pmad = { renderedRounds: [], appliedRounds: [], snapshots: 0, renderMs: {}, view };

  // ---- formatting ----------------------------------------------------------------------------
  const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const isNum = (v) => typeof v === "number" && Number.isFinite(v);
  const pct = (v) => (isNum(v) ? (v * 100).toFixed(2) + " %" : "–");
  const fix = (v, d = 4) => (isNum(v) ? v.toFixed(d) : "–");
  const eps = (v) => (isNum(v) ? v.toFixed(3) : "–");
  const age = (ms) => (ms < 1000 ? "just now" : ms < 60000 ? (ms / 1000).toFixed(0) + " s ago" : Math.round(ms / 60000) + " min ago");
  const text = (el, value) => { if (el.textContent !== String(value)) el.textContent = value; };
  const cell = (tr, value, cls) => { const td = tr.insertCell(); td.textContent = value; if (cls) td.className = cls; return td; };
  const strong = (value) => { const b = document.createElement("strong"); b.textContent = value; return b; };
  const sortedRounds = () => [...view.rounds.values()].sort((a, b) => a.round - b.round);

  // "fedadam (eta=0.05, beta1=0.9)"; a strategy without options is just its name.
  const pairs = (options) => Object.entries(options || {}).map(([k, v]) => k + "=" + v).join(", ");
  const describeStrategy = (s) => s.name + (Object.keys(s.options || {}).length ? " (" + pairs(s.options) + ")" : "");

  // ---- scheduling ----------------------------------------------------------------------------
  let headerPending = false;
  function header() {
    if (headerPending) return;
    headerPending = true;
    requestAnimationFrame(() => { headerPending = false; timed("header", renderHeader); });
  }

  const dirty = new Set();
  let slowPending = false;
  let lastSlow = 0;
  function slow(...parts) {
    parts.forEach((p) => dirty.add(p));
    if (slowPending) return;
    slowPending = true;
    setTimeout(() => requestAnimationFrame(() => {
      slowPending = false;
      lastSlow = performance.now();
      const now = new Set(dirty);
      dirty.clear();
      for (const [part, render] of SLOW_PARTS) if (now.has(part)) timed(part, render);
      if (now.has("charts")) {
        // Charts are the costliest part to draw (~10 ms each without a GPU): once a second is plenty.
        if (performance.now() - lastChartUpdate >= CHART_RENDER_MS) timed("charts", renderCharts);
        else slow("charts");
      }
    }), Math.max(0, lastSlow + SLOW_RENDER_MS - performance.now()));
  }

  // Time spent drawing, per part: what to look at first if the page ever feels slow.
  function timed(part, render) {
    const began = performance.now();
    render();
    const ms = window.pmad.renderMs;
    ms[part] = (ms[part] || 0) + performance.now() - began;
  }

  // ---- header: phase, state machine, round counter, controls ---------------------------------
  function renderHeader() {
    const list = $("phases");
    if (list.childElementCount !== view.phases.length) {
      list.replaceChildren(...view.phases.map((p) => {
        const li = document.createElement("li");
        li.textContent = p;
        li.dataset.phase = p;
        return li;
      }));
    }
    for (const li of list.children) li.classList.toggle("current", li.dataset.phase === view.phase);
    const badge = $("phase-badge");
    text(badge, view.phase || "—");
    badge.dataset.phase = view.phase;
    text($("reason"), view.reason || (view.phase === "IDLE" ? "Ready: choose the rounds and the strategy, then press Start." : ""));
    text($("run-id"), view.runId ? "run " + view.runId : "no run yet");
    const strategy = $("run-strategy");
    strategy.hidden = !view.strategy;
    if (view.strategy) text(strategy, "strategy " + describeStrategy(view.strategy));

    text($("round"), view.round);
    text($("target"), view.target);
    const percent = view.target > 0 ? Math.min(100, Math.round((view.rounds.size / view.target) * 100)) : 0;
    $("progress-fill").style.width = percent + "%";
    $("progress").setAttribute("aria-valuenow", String(percent));
    const drawn = window.pmad.renderedRounds;
    if (drawn[drawn.length - 1] !== view.round) drawn.push(view.round);
    renderControls();
  }

  function renderControls() {
    $("start").disabled = view.running;
    $("stop").disabled = !view.running;
    const unlocked = !!tokens.get();
    $("unlock").classList.toggle("unlocked", unlocked);
    text($("token-state"), unlocked ? "Controls unlocked" : "Enter control token");
  }

  // ---- charts --------------------------------------------------------------------------------
  const charts = {};
  function makeCharts() {
    if (!window.Chart) return; // the page still works without charts
    Chart.defaults.color = "#c7d2fe";
    Chart.defaults.borderColor = "rgba(255,255,255,0.08)";
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    const line = (label, color, extra = {}) => ({
      label, data: [], borderColor: color, backgroundColor: color + "33", pointRadius: 2.5, pointHoverRadius: 5,
      borderWidth: 2, tension: 0.3, spanGaps: true, ...extra,
    });
    const options = (scales) => ({
      responsive: true, maintainAspectRatio: false, animation: { duration: 250 }, normalized: true,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true } } },
      scales: { x: { title: { display: true, text: "round" }, grid: { display: false }, ticks: { maxTicksLimit: 8 } }, ...scales },
    });
    charts.accuracy = new Chart($("chart-accuracy"), {
      type: "line",
      data: { labels: [], datasets: [line("accuracy", "#22d3ee", { yAxisID: "y" }), line("loss", "#f472b6", { yAxisID: "y1" })] },
      options: options({
        y: { position: "left", suggestedMin: 0.5, suggestedMax: 1, title: { display: true, text: "accuracy" } },
        y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: "loss" } },
      }),
    });
    charts.quality = new Chart($("chart-quality"), {
      type: "line",
      data: { labels: [], datasets: [line("precision", "#a78bfa"), line("recall", "#34d399"), line("F1", "#fbbf24")] },
      options: options({ y: { suggestedMin: 0.5, suggestedMax: 1 } }),
    });
    charts.privacy = new Chart($("chart-privacy"), {
      type: "line",
      data: { labels: [], datasets: [line("ε spent", "#fb7185", { fill: true }),
        line("budget", "#fde68a", { borderDash: [6, 5], pointRadius: 0, fill: false })] },
      options: options({ y: { beginAtZero: true, title: { display: true, text: "epsilon" } } }),
    });
  }

  let lastChartUpdate = -Infinity;
  function renderCharts() {
    if (!charts.accuracy) return;
    const now = performance.now();
    const mode = now - lastChartUpdate < 2 * CHART_RENDER_MS ? "none" : undefined; // animate only when updates are rare
    lastChartUpdate = now;
    const all = sortedRounds();
    // Thin long runs for drawing: every k-th round, and always the last one.
    const step = Math.ceil(all.length / CHART_POINTS);
    const rounds = step <= 1 ? all : all.filter((r, i) => i % step === 0 || i === all.length - 1);
    const dense = rounds.length > 60;
    const labels = rounds.map((r) => r.round);
    const set = (chart, series) => {
      chart.data.labels = labels;
      series.forEach((values, i) => {
        const ds = chart.data.datasets[i];
        ds.data = values;
        if (ds.label !== "budget") ds.pointRadius = dense ? 0 : 2.5;
        ds.tension = dense ? 0 : 0.3;
      });
      chart.update(mode);
    };
    set(charts.accuracy, [rounds.map((r) => r.accuracy), rounds.map((r) => r.loss)]);
    set(charts.quality, [rounds.map((r) => r.precision), rounds.map((r) => r.recall), rounds.map((r) => r.f1)]);
    const budget = view.privacy ? view.privacy.epsilonBudget : 0;
    set(charts.privacy, [rounds.map((r) => r.epsilonSpent), rounds.map(() => budget)]);
  }

  // ---- cards ---------------------------------------------------------------------------------
  function renderKpis() {
    const last = view.rounds.get(Math.max(0, ...view.rounds.keys()));
    text($("kpi-accuracy"), last ? pct(last.accuracy) : "–");
    text($("kpi-loss"), last ? fix(last.loss) : "–");
    text($("kpi-f1"), last ? fix(last.f1, 3) : "–");
    const facts = $("round-facts");
    if (!last) {
      text(facts, view.running ? "Waiting for the first round…" : "No round yet.");
    } else {
      const failed = last.failures.length ? ", " + last.failures.length + " failed" : "";
      const seconds = sortedRounds().reduce((sum, r) => sum + (isNum(r.seconds) ? r.seconds : 0), 0);
      facts.innerHTML = "";
      facts.append("Round " + last.round + ": ", strong(last.participants.length + " agents"), " took part" + failed
        + ", " + (isNum(last.seconds) ? last.seconds.toFixed(2) + " s" : "–") + ". Run so far: ",
        strong(view.rounds.size + (view.rounds.size === 1 ? " round" : " rounds")), " in " + seconds.toFixed(1) + " s.");
    }
    const p = view.privacy;
    if (!p || p.mode === "none") text($("kpi-epsilon"), "off");
    else text($("kpi-epsilon"), eps(last ? last.epsilonSpent : p.epsilonSpent) + " / " + eps(p.epsilonBudget));
  }

  // Rows are added as rounds arrive (newest on top) and rebuilt only when the run changes.
  let historyRun = null;
  let historyTop = 0;
  function historyRow(r) {
    const tr = document.createElement("tr");
    tr.dataset.round = r.round;
    cell(tr, r.round, "num"); cell(tr, pct(r.accuracy), "num"); cell(tr, fix(r.loss), "num");
    cell(tr, fix(r.precision, 3), "num"); cell(tr, fix(r.recall, 3), "num"); cell(tr, fix(r.f1, 3), "num");
    const spent = cell(tr, eps(r.epsilonSpent), "num");
    // The round's clip norm, which moves from round to round only under adaptive clipping.
    if (isNum(r.clipNorm) && r.clipNorm > 0) spent.title = "clip norm " + fix(r.clipNorm, 3);
    const agents = cell(tr, r.participants.length + (r.failures.length ? " (" + r.failures.length + " failed)" : ""), "num");
    const bounded = r.bounded || [];
    if (bounded.length) agents.textContent += " (" + bounded.length + " bounded)";
    const notes = r.failures.map((f) => f.agent + ": " + f.reason).concat(bounded);
    if (notes.length) agents.title = notes.join("\n");
    cell(tr, isNum(r.seconds) ? r.seconds.toFixed(2) + " s" : "–", "num");
    return tr;
  }

  function renderHistory() {
    const body = $("history");
    const total = view.rounds.size;
    if (historyRun !== view.runId || total < historyTop || !total) {
      historyRun = view.runId;
      historyTop = 0;
      body.replaceChildren();
    }
    text($("history-count"), total ? total + (total === 1 ? " round" : " rounds")
      + (total > HISTORY_ROWS ? " (newest " + HISTORY_ROWS + " shown)" : "") : "");
    if (!total) {
      body.innerHTML = '<tr class="empty"><td colspan="9">No round yet.</td></tr>';
      return;
    }
    const fresh = sortedRounds().filter((r) => r.round > historyTop).slice(-HISTORY_ROWS);
    if (!fresh.length) return;
    const empty = body.querySelector("tr.empty");
    if (empty) empty.remove();
    const rows = document.createDocumentFragment();
    for (let i = fresh.length - 1; i >= 0; i--) rows.append(historyRow(fresh[i]));
    body.prepend(rows);
    historyTop = fresh[fresh.length - 1].round;
    while (body.childElementCount > HISTORY_ROWS) body.lastElementChild.remove();
  }

  function renderAgents() {
    const body = $("agents");
    const n = view.agents.length;
    const label = n + (n === 1 ? " agent" : " agents");
    text($("agents-count"), label);
    const live = view.agents.filter((a) => a.state !== "LOST").length;
    text($("agents-summary"), live === n ? label : live + " of " + label + " live");
    if (!n) { body.innerHTML = '<tr class="empty"><td colspan="7">No agent has joined yet.</td></tr>'; return; }
    const since = Date.now() - view.agentsAt;
    body.replaceChildren(...view.agents.map((a) => {
      const tr = document.createElement("tr");
      tr.dataset.agent = a.id;
      cell(tr, a.id, "mono");
      cell(tr, a.trainerKind || "–");
      const state = document.createElement("span");
      state.className = "state state-" + a.state;
      state.textContent = a.state;
      tr.insertCell().append(state);
      cell(tr, age(a.millisSinceSeen + since));
      cell(tr, a.trainSamples + " / " + a.testSamples, "num");
      cell(tr, a.roundsParticipated, "num");
      cell(tr, fix(a.lastTrainLoss), "num");
      return tr;
    }));
  }

  function renderLog() {
    const entries = view.pendingLog.splice(0).slice(-LOG_LINES);
    if (!entries.length) return;
    const lines = document.createDocumentFragment();
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      const li = document.createElement("li");
      const time = document.createElement("time");
      time.textContent = TIME.format(entry.time);
      const level = document.createElement("span");
      level.className = "level level-" + entry.level;
      level.textContent = entry.level;
      const msg = document.createElement("span");
      msg.className = "msg";
      msg.textContent = entry.message;
      li.append(time, level, msg);
      lines.append(li);
    }
    const log = $("log");
    log.prepend(lines);
    while (log.childElementCount > LOG_LINES) log.lastElementChild.remove();
    text($("log-count"), "last " + log.childElementCount + " events");
  }

  function renderPrivacy() {
    const p = view.privacy;
    const display = $("budget-display");
    const input = $("epsilon");
    const off = !p || p.mode === "none";
    $("privacy-note").hidden = !off;
    if (off) {
      display.textContent = "Off: no differential privacy (DP_MODE=none)";
      display.hidden = false; input.hidden = true;
    } else if (p.budgetAdjustable) {
      display.hidden = true; input.hidden = false;
      if (!input.value) input.value = p.epsilonBudget;
    } else {
      display.textContent = "ε = " + p.epsilonBudget + ", δ = " + p.delta + " for the whole run, " + p.mode
        + " DP (fixed by DP_EPSILON)";
      display.hidden = false; input.hidden = true;
    }
  }

  function renderModelLink() {
    const link = $("model-link");
    const run = view.lastRun;
    link.classList.toggle("disabled", !run);
    link.setAttribute("aria-disabled", String(!run));
    link.textContent = run ? "Download final model (" + run.runId + ", " + run.outcome + ")" : "Final model: no finished run yet";
  }

  const SLOW_PARTS = [["kpis", renderKpis], ["history", renderHistory], ["agents", renderAgents],
    ["log", renderLog], ["privacy", renderPrivacy], ["model", renderModelLink]];

  // ---- events --------------------------------------------------------------------------------
  function takeLog(entry) {
    if (entry.seq <= view.lastSeq) return;
    view.lastSeq = entry.seq;
    view.pendingLog.push(entry);
    if (view.pendingLog.length > LOG_LINES) view.pendingLog.splice(0, view.pendingLog.length - LOG_LINES);
    slow("log");
  }

  function applySnapshot({ state, log }) {
    window.pmad.snapshots++;
    view.phases = state.phases;
    view.phase = state.phase;
    view.reason = state.reason;
    view.runId = state.runId;
    view.round = state.round;
    view.target = state.targetRounds;
    view.running = state.running;
    view.privacy = state.privacy;
    view.maxRounds = state.maxTargetRounds;
    view.lastRun = state.lastRun;
    view.rounds = new Map(state.rounds.map((r) => [r.round, r]));
    view.agents = state.agents;
    view.agentsAt = Date.now();
    const rounds = $("rounds");
    rounds.max = String(state.maxTargetRounds);
    text($("rounds-hint"), "1 to " + state.maxTargetRounds);
    if (window.pmad.snapshots === 1) rounds.value = String(state.defaultRounds || 10);
    view.strategy = state.strategy;
    view.strategies = state.strategies || [];
    view.defaultStrategy = state.defaultStrategy;
    if (window.pmad.snapshots === 1) fillStrategies();
    log.forEach(takeLog);
    header();
    slow("kpis", "history", "charts", "agents", "privacy", "model");
  }

  function applyPhase(p) {
    if (p.runId && p.runId !== view.runId) {
      view.rounds.clear();
      slow("kpis", "history", "charts");
    }
    view.runId = p.runId;
    view.phase = p.phase;
    view.reason = p.reason;
    view.round = p.round;
    view.target = p.targetRounds;
    view.running = !TERMINAL.includes(p.phase);
    header();
  }

  function applyRun({ runId, strategy }) {
    if (runId !== view.runId) {
      view.rounds.clear();
      view.runId = runId;
      slow("kpis", "history", "charts");
    }
    view.strategy = strategy;
    header();
  }

  function applyRound({ runId, round, epsilonSpent }) {
    if (runId !== view.runId) return;
    window.pmad.appliedRounds.push(round.round);
    view.rounds.set(round.round, round);
    view.round = Math.max(view.round, round.round);
    if (view.privacy) view.privacy.epsilonSpent = epsilonSpent;
    header();
    slow("kpis", "history", "charts");
  }

  let source;
  function connect() {
    const pill = $("connection");
    source = new EventSource("/api/events");
    const on = (name, fn) => source.addEventListener(name, (e) => fn(JSON.parse(e.data)));
    on("snapshot", applySnapshot);
    on("run", applyRun);
    on("phase", applyPhase);
    on("round", applyRound);
    on("agents", (agents) => { view.agents = agents; view.agentsAt = Date.now(); slow("agents"); });
    on("finished", (outcome) => { view.lastRun = outcome; slow("model"); });
    on("log", takeLog);
    source.onopen = () => { pill.className = "pill pill-live"; pill.textContent = "live"; };
    source.onerror = () => {
      pill.className = "pill pill-wait"; pill.textContent = "reconnecting…";
      // EventSource retries by itself unless the server refused outright (e.g. 503): then retry here.
      if (source.readyState === EventSource.CLOSED) {
        pill.className = "pill pill-down"; pill.textContent = "offline, retrying";
        setTimeout(connect, 3000);
      }
    };
  }

  // ---- control -------------------------------------------------------------------------------
  const dialog = $("token-dialog");
  let pending = null;

  function askToken(message, then) {
    pending = then || null;
    $("token-error").hidden = !message;
    $("token-error").textContent = message || "";
    $("token-input").value = "";
    $("token-remember").checked = tokens.remembered();
    $("token-forget").hidden = !tokens.get();
    dialog.showModal();
    $("token-input").focus();
  }

  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token-input").value.trim();
    if (!token) { $("token-error").hidden = false; $("token-error").textContent = "Paste the token first."; return; }
    tokens.keep(token, $("token-remember").checked);
    dialog.close();
    renderControls();
    const next = pending;
    pending = null;
    if (next) next();
  });
  $("token-cancel").addEventListener("click", () => { pending = null; dialog.close(); });
  $("token-forget").addEventListener("click", () => {
    tokens.forget();
    pending = null;
    dialog.close();
    renderControls();
    say("Token forgotten: this browser no longer holds it.", "ok");
  });
  $("unlock").addEventListener("click", () => askToken());

  function say(message, kind) {
    const el = $("control-message");
    el.textContent = message;
    el.className = "control-message " + (kind || "");
  }

  async function control(path, body) {
    const token = tokens.get();
    if (!token) { askToken("", () => control(path, body)); return; }
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-PMAD-Token": token },
        body: JSON.stringify(body || {}),
      });
    } catch (err) {
      say("Could not reach the coordinator: " + err.message, "error");
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status === 401) {
      tokens.forget();
      renderControls();
      askToken("That token was not accepted: " + (answer.message || "wrong token"), () => control(path, body));
      return;
    }
    if (!response.ok) { say(answer.message || "HTTP " + response.status, "error"); return; }
    say(path.endsWith("start") ? "Run " + answer.runId + " started." : "Stop requested for " + answer.runId + ".", "ok");
  }

  // ---- strategy selector ---------------------------------------------------------------------
  // Filled once, from the first snapshot: the user's choice is not overwritten by later ones. The
  // federation's own strategy is proposed with the options it was configured with (those that
  // differ from the defaults), so an untouched form starts exactly what the federation would.
  function configuredOptions(name) {
    const own = view.defaultStrategy;
    if (!own || own.name !== name) return "";
    const choice = view.strategies.find((s) => s.name === name);
    const defaults = Object.fromEntries((choice ? choice.options : []).map((o) => [o.key, o.defaultValue]));
    return pairs(Object.fromEntries(Object.entries(own.options || {}).filter(([k, v]) => defaults[k] !== v)));
  }

  function describeOptions(name) {
    const choice = view.strategies.find((s) => s.name === name);
    const input = $("strategy-options");
    if (!choice || !choice.options.length) {
      input.placeholder = "none";
      input.title = "";
      text($("strategy-hint"), name + " takes no options");
      return;
    }
    input.placeholder = choice.options.map((o) => o.key + "=" + o.defaultValue).join(", ");
    input.title = choice.options.map((o) => o.key + ": " + o.description + " (" + o.range + ")").join("\n");
    text($("strategy-hint"), "key=value, comma-separated; empty: the defaults. " + name + " takes "
      + choice.options.map((o) => o.key + " (" + o.range + ")").join(", "));
  }

  function fillStrategies() {
    const select = $("strategy");
    select.replaceChildren(...view.strategies.map((s) => new Option(s.name, s.name)));
    const own = view.defaultStrategy ? view.defaultStrategy.name : "";
    if (own) select.value = own;
    $("strategy-options").value = configuredOptions(select.value);
    describeOptions(select.value);
  }

  $("strategy").addEventListener("change", (e) => {
    $("strategy-options").value = configuredOptions(e.target.value);
    describeOptions(e.target.value);
  });

  $("start-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const rounds = $("rounds").value.trim();
    const body = { targetRounds: rounds === "" ? null : Number(rounds) };
    const epsilon = $("epsilon");
    if (!epsilon.hidden && epsilon.value !== "") body.epsilonBudget = Number(epsilon.value);
    const strategy = $("strategy").value;
    if (strategy) {
      body.strategy = strategy;
      const options = $("strategy-options").value.trim();
      if (options) body.strategyOptions = options;
    }
    control("/api/federation/start", body);
  });
  $("stop").addEventListener("click", () => control("/api/federation/stop"));

  // Heartbeat ages keep moving between the server's pushes.
  setInterval(() => { if (view.agents.length) slow("agents"); }, 1000);

  document.addEventListener("DOMContentLoaded", () => {
    makeCharts();
    renderControls();
    connect();
  });
})();
