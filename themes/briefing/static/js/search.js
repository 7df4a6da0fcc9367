// The reader's side of search: runs a query against the index `bayan build` writes under
// assets/search/<lang>/ (src/search/index.rs describes its files) and shows the results in the
// page's <main>. The query is analysed by analyze.js, the twin of the analysis the index was made
// with, so a word finds the pages whatever its spelling (hamza forms, tashkeel, plurals).
// Only meta.json, the shards of the query's words and the text of the results shown are fetched.

import { tokens } from './analyze.js';

const PER_PAGE = 10;
const WINDOW = 30; // words in a snippet
const LEAD = 8; // of which, at most, before the first match
const MAX_WORDS = 12; // query words looked up

const root = document.getElementById('search');
const form = root.querySelector('form');
const input = form.elements.q;
const other = form.elements.all;
const status = root.querySelector('[role=status]');
const list = root.querySelector('ol');
const more = root.querySelector('.search-more');
const { index, lang } = root.dataset;
// "ar:rtl en:ltr": every language of the site, the page's own first.
const languages = root.dataset.languages
  .split(' ')
  .map((s) => s.split(':'))
  .sort((a, b) => (b[0] === lang) - (a[0] === lang));
const dirOf = Object.fromEntries(languages);
const title = document.title;

// Numbers in the site's digits, and "N results" in the language's plural form: the template
// renders the string for one count of each CLDR category (data-count-0, -1, -2, -3, -11, -100).
const digits = root.dataset.digits;
const group = root.dataset.thousand.length > 4 ? root.dataset.thousand[1] : '';
const number = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, group).replace(/\d/g, (d) => digits[d]);
const plural = new Intl.PluralRules(lang);
const counted = (n) => {
  const sample = [0, 1, 2, 3, 11, 100].find((s) => plural.select(s) === plural.select(n)) ?? 100;
  return root.getAttribute(`data-count-${sample}`).replace(number(sample), number(n));
};

// Every file is fetched once and kept; gzip files are decompressed here, so no host needs to
// send them with Content-Encoding (and one that does is read as it comes).
const files = new Map();
const load = (path) => {
  if (!files.has(path)) {
    files.set(
      path,
      fetch(index + path)
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status} ${r.url}`))))
        .then((b) => {
          const bytes = new Uint8Array(b);
          const body = new Blob([bytes]).stream();
          const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
          return new Response(gz ? body.pipeThrough(new DecompressionStream('gzip')) : body).json();
        })
        .catch((e) => {
          files.delete(path); // to try again on the next query
          throw e;
        }),
    );
  }
  return files.get(path);
};

const fnv1a = (s) => {
  let h = 2166136261;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h;
};

/** The docs of language `l` that have every word of `query`, with their scores. */
async function find(l, query) {
  const words = [...new Map(tokens(l, query).map((t) => [t.term, t])).values()].slice(0, MAX_WORDS);
  if (!words.length) return { words, hits: [] };
  const meta = await load(`${l}/meta.json`);
  const entries = await Promise.all(
    words.map((w) => load(`${l}/shard-${fnv1a(w.stem) % meta.shards}.json.gz`).then((s) => Object.hasOwn(s, w.stem) && s[w.stem])),
  );
  if (!entries.every(Boolean)) return { words, hits: [] };
  // Rarest word first, so the running set of docs only shrinks.
  const order = entries.map((e, i) => [e, words[i].term]).sort((a, b) => a[0][1].length - b[0][1].length);
  let scores;
  for (const [[variants, postings], term] of order) {
    const at = variants.indexOf(term);
    const exact = at < 0 ? 0 : 1 << Math.min(at, 30);
    const idf = Math.log(1 + meta.docs / (postings.length / 3));
    const next = new Map();
    for (let i = 0; i < postings.length; i += 3) {
      const doc = postings[i];
      if (scores && !scores.has(doc)) continue;
      const s = idf * postings[i + 1] * (postings[i + 2] & exact ? 2 : 1);
      next.set(doc, (scores ? scores.get(doc) : 0) + s);
    }
    scores = next;
  }
  return { words, chunk: meta.chunk, hits: [...scores].map(([doc, score]) => ({ l, doc, score })) };
}

const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  e.append(...kids);
  return e;
};

/** `text` from `from` to `to` (UTF-16 offsets) as nodes, its words of `stems` in <mark>. */
const marked = (text, toks, stems, from = 0, to = text.length) => {
  const out = [];
  let at = from;
  for (const t of toks) {
    if (t.start < from || t.end > to || !stems.has(t.stem)) continue;
    out.push(text.slice(at, t.start), el('mark', {}, text.slice(t.start, t.end)));
    at = t.end;
  }
  out.push(text.slice(at, to));
  return out;
};

/** About WINDOW words of `text` around the place where most query words meet. */
function snippet(l, text, stems) {
  const toks = tokens(l, text);
  let best = 0;
  let bestCount = 0;
  // The windows that start LEAD words before a match, each scored by the query words it
  // holds; a window is only looked at up to the first one that holds them all.
  for (let m = 0; m < toks.length && bestCount < stems.size; m++) {
    if (!stems.has(toks[m].stem)) continue;
    const start = Math.max(0, Math.min(m - LEAD, toks.length - WINDOW));
    const seen = new Set();
    for (let k = start; k < start + WINDOW && k < toks.length; k++) if (stems.has(toks[k].stem)) seen.add(toks[k].stem);
    if (seen.size > bestCount) [best, bestCount] = [start, seen.size];
  }
  const last = toks[Math.min(best + WINDOW, toks.length) - 1];
  if (!last) return [text.slice(0, 200)];
  const from = best ? toks[best].start : 0;
  const to = best + WINDOW < toks.length ? last.end : text.length;
  const nodes = marked(text, toks, stems, from, to);
  if (from) nodes.unshift('… ');
  if (to < text.length) nodes.push(' …');
  return nodes;
}

let run = 0; // the current query; a newer one makes older results stale
let results = [];
let shown = 0;
let stemsOf = {};
let chunkOf = {};

async function show() {
  const mine = run;
  const page = results.slice(shown, shown + PER_PAGE);
  const rows = await Promise.all(
    page.map((r) => load(`${r.l}/text-${Math.floor(r.doc / chunkOf[r.l])}.json.gz`).then((c) => c[r.doc % chunkOf[r.l]])),
  );
  if (mine !== run) return;
  const items = rows.map(([url, name, , text], i) => {
    const { l } = page[i];
    const attrs = l === lang ? {} : { lang: l, dir: dirOf[l] };
    const stems = stemsOf[l];
    return el(
      'li',
      { class: 'search-result' },
      el('h2', { class: 'search-result-title', ...attrs }, el('a', { href: url }, ...marked(name, tokens(l, name), stems))),
      el('p', { class: 'search-snippet', ...attrs }, ...snippet(l, text, stems)),
    );
  });
  list.append(...items);
  shown += page.length;
  more.hidden = shown >= results.length;
  return items[0]?.querySelector('a');
}

async function search(query, all) {
  const mine = ++run;
  const t0 = performance.now();
  document.title = query.trim() ? `${query.trim()} · ${title}` : title;
  list.replaceChildren();
  status.textContent = '';
  more.hidden = true;
  results = [];
  shown = 0;
  if (!tokens(lang, query).length) return;
  root.setAttribute('aria-busy', 'true');
  try {
    const found = await Promise.all((all ? languages : [[lang]]).map(([l]) => find(l, query)));
    if (mine !== run) return;
    stemsOf = {};
    chunkOf = {};
    for (const f of found) {
      if (!f.hits.length) continue;
      stemsOf[f.hits[0].l] = new Set(f.words.map((w) => w.stem));
      chunkOf[f.hits[0].l] = f.chunk;
    }
    const order = (l) => languages.findIndex((x) => x[0] === l);
    results = found.flatMap((f) => f.hits).sort((a, b) => b.score - a.score || order(a.l) - order(b.l) || a.doc - b.doc);
    await show();
    if (mine !== run) return;
    status.textContent = results.length ? counted(results.length) : root.dataset.none;
    performance.measure('bayan-search', { start: t0 });
  } catch {
    if (mine === run) status.textContent = root.dataset.error;
  } finally {
    if (mine === run) root.removeAttribute('aria-busy');
  }
}

const params = () => {
  const p = new URLSearchParams(location.search);
  return [p.get('q') || '', p.get('all') === '1'];
};

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const u = new URL(location.href);
  u.searchParams.set('q', input.value);
  if (other?.checked) u.searchParams.set('all', '1');
  else u.searchParams.delete('all');
  history.replaceState(null, '', u);
  search(input.value, other?.checked);
});
other?.addEventListener('change', () => input.value.trim() && form.requestSubmit());

more.addEventListener('click', async () => {
  const first = await show();
  first?.focus();
});

const [q, all] = params();
input.value = q;
if (other) other.checked = all;
if (q) search(q, all);
