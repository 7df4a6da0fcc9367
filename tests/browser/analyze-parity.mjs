// Runs the browser's search analysis (themes/briefing/static/js/analyze.js) on lines of stdin,
// for tests/integration/search_parity.rs to compare with the Rust analyser.
//
//   node analyze-parity.mjs [--spans] < lines
//
// Each input line is `lang<TAB>text`; each output line holds that text's tokens as `term/stem`
// joined by spaces (with `--spans`, `term/stem/start/end`, offsets in UTF-16 units).

import { tokens } from '../../themes/briefing/static/js/analyze.js';

const spans = process.argv.includes('--spans');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const lines = Buffer.concat(chunks).toString('utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();

const out = lines.map((line) => {
  const tab = line.indexOf('\t');
  const lang = tab < 0 ? '' : line.slice(0, tab);
  return tokens(lang, line.slice(tab + 1))
    .map((t) => (spans ? `${t.term}/${t.stem}/${t.start}/${t.end}` : `${t.term}/${t.stem}`))
    .join(' ');
});
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
