// A large numeric CSV for measuring bpnn's CSV reading (issue 15), the same bytes for the same
// arguments: a header `x1,…,x19,y`, then one row per sample of 19 features with 4 or 5 decimals
// (x_c uniform in [-s_c, s_c), s_c from 1 to 100) and a regression target y, a fixed linear
// function of the features plus noise, with 6 decimals. 1,000,000 rows are 162 MB.
//
//   node scripts/big-csv.mjs OUT.csv [--rows 1000000] [--seed 15]
//
// The generator is xoshiro128** (as core's Random), seeded through splitmix32; no Math.random.
import { closeSync, openSync, writeSync } from 'node:fs';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const out = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
if (out === undefined) {
  console.error('usage: node scripts/big-csv.mjs OUT.csv [--rows 1000000] [--seed 15]');
  process.exit(2);
}
const rows = flag('--rows', 1_000_000);
const seed = flag('--seed', 15);
const FEATURES = 19;

/** xoshiro128**: uniform numbers in [0, 1). */
function generator(seed) {
  let x = seed >>> 0;
  const next32 = () => {
    x = (x + 0x9e3779b9) >>> 0; // splitmix32, to fill the state
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = new Uint32Array([next32(), next32(), next32(), next32()]);
  return () => {
    const result = Math.imul(((s[1] * 5) << 7) | ((s[1] * 5) >>> 25), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result / 2 ** 32;
  };
}

const random = generator(seed);
const spread = Array.from({ length: FEATURES }, (_, c) => [1, 10, 100][c % 3]);
const decimals = Array.from({ length: FEATURES }, (_, c) => (c % 4 === 3 ? 5 : 4));
const weights = Array.from({ length: FEATURES }, () => random() * 2 - 1);

const fd = openSync(out, 'w');
let text = Array.from({ length: FEATURES }, (_, c) => `x${c + 1}`).join(',') + ',y\n';
for (let r = 0; r < rows; r++) {
  let y = 0;
  for (let c = 0; c < FEATURES; c++) {
    const cell = ((random() * 2 - 1) * spread[c]).toFixed(decimals[c]);
    y += weights[c] * (Number(cell) / spread[c]);
    text += cell + ',';
  }
  text += (y * 10 + (random() - 0.5)).toFixed(6) + '\n';
  if (text.length > 1 << 20) {
    writeSync(fd, text);
    text = '';
  }
}
writeSync(fd, text);
closeSync(fd);
