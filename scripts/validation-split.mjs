// A measurement, not a test: which validation-split rule gives the best test score with Model.train's
// other defaults? On each bundled data set, 5 seeded 80/20 train/test splits (stratified for
// classification); each rule trains on the 80 % and is scored on the 20 % it never saw.
// Run after `pnpm build`: node scripts/validation-split.mjs [--quick] [--only 'patience 20']
import { readFile } from 'node:fs/promises';
import { Model, trainTestSplit } from '../packages/core/dist/index.js';
import { readCsvDataset } from '../packages/serialize/dist/index.js';

const DATA = [
  ['iris.csv', 'species'],
  ['breast_cancer.csv', 'diagnosis'],
  ['digits.csv', 'digit'],
  ['diabetes.csv', 'progression'],
];
const RULES = {
  // earlyStopping: false: the automatic stop on the training loss (auto-defaults.ts) would end these early.
  'a: no hold-out, last epoch': { earlyStopping: false },
  'b: 20% hold-out, reported only': { validationSplit: 0.2, earlyStopping: false },
  'c: 10% hold-out, patience 10, best': { validationSplit: 0.1, earlyStopping: { patience: 10 } },
  'c: 10% hold-out, patience 20, best': { validationSplit: 0.1, earlyStopping: { patience: 20 } },
  'c: 20% hold-out, patience 10, best': { validationSplit: 0.2, earlyStopping: { patience: 10 } },
  'c: 20% hold-out, patience 20, best': { validationSplit: 0.2, earlyStopping: { patience: 20 } },
};
const SEEDS = process.argv.includes('--quick') ? [1, 2] : [1, 2, 3, 4, 5];
// --only TEXT runs the rules whose name contains TEXT.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
for (const rule of Object.keys(RULES)) if (!rule.includes(only)) delete RULES[rule];

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const rows = [];
for (const [file, target] of DATA) {
  const data = await readCsvDataset(await readFile(new URL(`../data/${file}`, import.meta.url), 'utf8'), { target: [target], source: file });
  for (const [rule, options] of Object.entries(RULES)) {
    const scores = [];
    const epochs = [];
    for (const seed of SEEDS) {
      const { train, test } = trainTestSplit(data, { testFraction: 0.2, seed });
      const { model, result } = Model.train(train, { ...options, seed });
      const evaluation = model.evaluate(test);
      scores.push(evaluation.task === 'classification' ? evaluation.accuracy : evaluation.r2);
      epochs.push(result.bestEpoch);
    }
    rows.push({ file, rule, score: mean(scores), sd: sd(scores), epochs: mean(epochs) });
    console.log(`${file.padEnd(18)} ${rule.padEnd(36)} ${mean(scores).toFixed(4)} ± ${sd(scores).toFixed(4)}  (best epoch ${mean(epochs).toFixed(0)}; ${scores.map((s) => s.toFixed(3)).join(' ')})`);
  }
}
console.log('\nmean over the data sets (accuracy, or R² for diabetes):');
for (const rule of Object.keys(RULES)) console.log(`  ${rule.padEnd(36)} ${mean(rows.filter((r) => r.rule === rule).map((r) => r.score)).toFixed(4)}`);
