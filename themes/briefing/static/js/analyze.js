// Search text analysis: the twin of bayan's src/search/analyze.rs, which documents the rules.
// A query must be analysed exactly as the page was at build time, so any change here is made
// there too; tests/integration/search_parity.rs compares the two on every word it can find.
// Offsets are UTF-16 units of the original text.

const WORD = /[\p{Alphabetic}\p{M}\p{N}\u200C\u200D\u00AD]+/gu;
// Lower-cased one character at a time, in blocks whose case mappings are old and stable.
const LOWER = /[A-\u058F\u10A0-\u10FF\u1E00-\u1FFF\uFF21-\uFF3A]/g;
const FOLD = /[أإآٱؤئىیکةς٠-٩۰-۹]/g;
const FOLDS = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ؤ: 'ء', ئ: 'ء', ى: 'ي', ی: 'ي', ک: 'ك', ة: 'ه', ς: 'σ' };
const DROP =
  /[\u00AD\u0300-\u036F\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u1AB0-\u1AFF\u1DC0-\u1DFF\u200C\u200D\u20D0-\u20FF\uFE00-\uFE0F\uFE20-\uFE2F]/g;

const primary = (lang) => String(lang).split(/[-_]/)[0].toLowerCase();

/** The tokens of `text`: [{term, stem, start, end}], offsets in UTF-16 units. */
export function tokens(lang, text) {
  const out = [];
  const memo = seen.get(lang) || seen.set(lang, new Map()).get(lang);
  if (memo.size > 50000) memo.clear();
  for (const m of String(text).matchAll(WORD)) {
    // A text repeats its words: each is analysed once (the result is the same every time).
    let w = memo.get(m[0]);
    if (!w) {
      const term = normalise(lang, m[0]);
      w = [term, term && stem(lang, term)];
      memo.set(m[0], w);
    }
    if (w[0]) out.push({ term: w[0], stem: w[1], start: m.index, end: m.index + m[0].length });
  }
  return out;
}
const seen = new Map();

/** The normalised form of one word (the same for every language). */
export function normalise(lang, word) {
  return String(word)
    .normalize('NFC')
    .replace(LOWER, (c) => c.toLowerCase())
    .replace(FOLD, (c) => FOLDS[c] || String.fromCharCode(48 + (c.charCodeAt(0) & 15)))
    .normalize('NFD')
    .replace(DROP, '')
    .normalize('NFD');
}

/** The stem of a normalised word. */
export function stem(lang, word) {
  const l = primary(lang);
  if (l === 'ar' && /^[\u0620-\u06FF]+$/.test(word)) return arabic(word);
  if (l === 'en' && /^[a-z0-9]+$/.test(word)) return porter2(word);
  return word;
}

// Light10-style: و, then one article, then suffixes while 3 letters remain (see analyze.rs).
const ARTICLES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

function arabic(w) {
  if (w[0] === 'و' && w.length >= 4) w = w.slice(1);
  const a = ARTICLES.find((p) => w.startsWith(p));
  if (a && w.length - a.length >= 2) w = w.slice(a.length);
  for (let s; (s = SUFFIXES.find((x) => w.endsWith(x) && w.length - x.length >= 3)); ) w = w.slice(0, -s.length);
  return w;
}

// Porter2 (Snowball English) as rust-stemmers 1.2 computes it, for words of [a-z0-9].
const EXCEPTIONS = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
  ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
  atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
};
const INVARIANT = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];
const STEP2 = {
  ization: 'ize', ational: 'ate', fulness: 'ful', ousness: 'ous', iveness: 'ive', tional: 'tion',
  biliti: 'ble', lessli: 'less', entli: 'ent', ation: 'ate', alism: 'al', aliti: 'al', ousli: 'ous',
  iviti: 'ive', fulli: 'ful', enci: 'ence', anci: 'ance', abli: 'able', izer: 'ize', ator: 'ate',
  alli: 'al', bli: 'ble', ogi: 'og', li: '',
};
const STEP3 = { ational: 'ate', tional: 'tion', alize: 'al', icate: 'ic', iciti: 'ic', ative: '', ical: 'ic', ness: '', ful: '' };
const STEP4 = 'ement ment ance ence able ible ant ent ism ate iti ous ive ize ion al er ic'.split(' ');
const vowel = (c) => c !== undefined && 'aeiouy'.includes(c);
// Where R1 or R2 begins: after the first non-vowel that follows a vowel, from `from`.
const region = (w, from) => {
  const r = /[aeiouy][^aeiouy]/g;
  r.lastIndex = from;
  const m = r.exec(w);
  return m ? m.index + 2 : w.length;
};
const shortV = (w) => /[^aeiouy][aeiouy][^aeiouywxY]$|^[aeiouy][^aeiouy]$/.test(w);
// The longest of `keys` that ends `w` (or the empty string).
const longest = (w, keys) => keys.reduce((b, k) => (w.endsWith(k) && k.length > b.length ? k : b), '');

function porter2(w) {
  if (Object.hasOwn(EXCEPTIONS, w)) return EXCEPTIONS[w];
  if (w.length < 3) return w;
  // Prelude: y as a consonant is Y.
  let p = '';
  for (const c of w) p += c === 'y' && (p === '' || vowel(p[p.length - 1])) ? 'Y' : c;
  w = p;
  const pre = /^(gener|commun|arsen)/.exec(w);
  const p1 = pre ? pre[0].length : region(w, 0);
  const p2 = region(w, p1);
  // Step 1a.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/ie[ds]$/.test(w)) w = w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie');
  else if (!/(ss|us)$/.test(w) && w.endsWith('s') && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
  if (!INVARIANT.includes(w)) {
    // Step 1b.
    let s = longest(w, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed']);
    if (s === 'eed' || s === 'eedly') {
      if (w.length - s.length >= p1) w = w.slice(0, -s.length) + 'ee';
    } else if (s && /[aeiouy]/.test(w.slice(0, -s.length))) {
      w = w.slice(0, -s.length);
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
      else if (w.length === p1 && shortV(w)) w += 'e';
    }
    // Step 1c.
    if (/.[^aeiouy][yY]$/.test(w)) w = w.slice(0, -1) + 'i';
    // Step 2.
    s = longest(w, Object.keys(STEP2));
    let r = w.length - s.length;
    if (s && r >= p1 && (s !== 'ogi' || w[r - 1] === 'l') && (s !== 'li' || 'cdeghkmnrt'.includes(w[r - 1]))) {
      w = w.slice(0, r) + STEP2[s];
    }
    // Step 3.
    s = longest(w, Object.keys(STEP3));
    r = w.length - s.length;
    if (s && r >= p1 && (s !== 'ative' || r >= p2)) w = w.slice(0, r) + STEP3[s];
    // Step 4.
    s = longest(w, STEP4);
    r = w.length - s.length;
    if (s && r >= p2 && (s !== 'ion' || /[st]$/.test(w.slice(0, r)))) w = w.slice(0, r);
    // Step 5.
    r = w.length - 1;
    if (w.endsWith('e') && (r >= p2 || (r >= p1 && !shortV(w.slice(0, r))))) w = w.slice(0, r);
    else if (w.endsWith('ll') && r >= p2) w = w.slice(0, r);
  }
  return w.replace(/Y/g, 'y');
}
