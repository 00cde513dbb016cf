// The quality report's table: per data set the mean, min and max of the test score over the runs,
// the median seconds of one training, for bpnn and scikit-learn, and whether bpnn reaches the bar.

/** The mean, min and max of the scores, and the median seconds. */
export function summary(scores, seconds) {
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    mean: scores.reduce((s, x) => s + x, 0) / scores.length,
    min: Math.min(...scores),
    max: Math.max(...scores),
    seconds: sorted[Math.floor(sorted.length / 2)],
  };
}

// The issue's margins over scikit-learn on the bundled sets; elsewhere its mean is the bar.
const MARGIN = { iris: 0.95, breast_cancer: 0.97, digits: 0.98, diabetes: 0.45 };

/** 'above', 'below', or '' without scikit-learn's figures. */
export function bar(row) {
  if (!row.sklearn) return '';
  const target = Math.max(row.sklearn.mean, MARGIN[row.set.name] ?? -Infinity);
  return row.bpnn.mean >= target - 5e-4 ? 'above' : 'below';
}

const f3 = (x) => x.toFixed(3);
const range = (s) => `${f3(s.mean)} (${f3(s.min)}–${f3(s.max)})`;

/** The markdown table's lines. */
export function formatTable(rows) {
  const lines = [
    '| data set | metric | bpnn mean (min–max) | scikit-learn mean (min–max) | s per training, bpnn / scikit-learn | time ratio | bar |',
    '| --- | --- | --- | --- | --- | ---: | --- |',
  ];
  for (const row of rows) {
    const metric = row.set.task === 'classification' ? 'accuracy' : 'R²';
    const sk = row.sklearn;
    const target = Math.max(sk?.mean ?? -Infinity, MARGIN[row.set.name] ?? -Infinity);
    const verdict = bar(row) === '' ? '' : `${bar(row) === 'above' ? 'met' : '**missed**'} (≥ ${f3(target)})`;
    lines.push(`| ${row.set.name} | ${metric} | ${range(row.bpnn)} | ${sk ? range(sk) : 'not run'} | ${row.bpnn.seconds.toFixed(2)} / ${sk ? sk.seconds.toFixed(2) : '-'} | ${sk ? `${(row.bpnn.seconds / sk.seconds).toFixed(2)}×` : '-'} | ${verdict} |`);
  }
  return lines;
}
