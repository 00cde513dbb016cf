/**
 * Try: a prediction form built from the open model's input columns, answered by
 * POST /v1/models/:name/predict with the label and the class probabilities as bars (or the values,
 * for regression); and batch predictions for a CSV picked or dropped, read in the format its first
 * lines suggest (delimiter, decimal mark; the user can change it), shown and downloadable in the
 * same format.
 */
import { isMissingCell } from '@bpnn/core';
import { api } from '../api/client.js';
import type { ModelDetails, Prediction } from '../api/types.js';
import { cellValue, parseCsv, toCsv } from '../data/csv.js';
import { detectCsvFormat } from '../data/csv-detect.js';
import { delimiterName, pointText, type CsvFormat } from '../data/csv-format.js';
import { fileText } from '../data/file-text.js';
import { byId, h, num, scrollBox } from '../dom.js';
import { openModel } from '../model-cache.js';
import { state } from '../state.js';
import { csvFormatFields, type CsvFormatFields } from './csv-format-fields.js';
import { sampleForm } from './sample-form.js';

/** An error in reading a batch's file; `aboutFormat` when the format's fields are the likely cause. */
class FormatChoiceError extends Error {
  constructor(message: string, readonly aboutFormat: boolean) {
    super(message);
  }
}

/** Rows per predict call for a batch (the server's default limit is 10,000). */
const CHUNK = 500;

function answer(p: Prediction): HTMLElement {
  if (p.task === 'regression') return h('dl', { class: 'facts', id: 'try-answer' }, ...p.targets.flatMap((t, c) => [h('dt', {}, t), h('dd', { 'data-value': c }, num(p.outputs[0][c]))]));
  const bars = p.classes.map((c, k) => {
    const share = p.outputs[0][k];
    const bar = h('span', { class: 'bar', 'data-colour': k % 8 });
    bar.style.width = `${(share * 100).toFixed(1)}%`;
    return h('li', { 'data-class': c }, h('span', { class: 'bar-label' }, c), h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar), h('span', { class: 'n' }, `${(share * 100).toFixed(1)} %`));
  });
  return h('div', { id: 'try-answer' }, h('p', {}, 'Predicted: ', h('strong', { id: 'try-label' }, p.labels[0])), h('ul', { class: 'bars', 'aria-label': 'Class probabilities' }, ...bars));
}

/** Predictions for the rows of `file` (its text), read in `format`, shown in `out`. */
async function batch(name: string, model: ModelDetails, file: { name: string; text: string }, format: CsvFormat, out: HTMLElement): Promise<void> {
  const table = parseCsv(file.text, format.delimiter);
  const columns = model.columns;
  const missing = columns.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) {
    const one = table.columns.length === 1 ? ` (read with the delimiter ${delimiterName(format.delimiter)}, its header is one column: choose the delimiter that separates its fields)` : '';
    throw new FormatChoiceError(`${file.name} lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')}${one}`, one !== '');
  }
  const index = columns.map((c) => table.columns.indexOf(c));
  // A column of categories keeps its cells as text (a category "1.0" is not the number 1).
  const words = new Set(model.categorical.map((c) => c.name));
  // A gap (empty, NA, ?, …) is null, a missing value, for a model that fills them; else the server names it.
  const gap = (text: string) => model.fill !== null && isMissingCell(text.trim());
  const rows = table.rows.map((r, row) => Object.fromEntries(columns.map((c, k) => {
    const text = r[index[k]] ?? '';
    if (gap(text)) return [c, null];
    if (words.has(c)) return [c, text.trim()];
    try {
      return [c, cellValue(pointText(text, format))];
    } catch (error) {
      throw new FormatChoiceError(`${file.name}, data row ${row + 1}, column ${JSON.stringify(c)}: ${(error as Error).message}`, true);
    }
  })));
  const results: Array<Array<string | number>> = [];
  let header: string[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    out.textContent = `Predicting rows ${start + 1}–${Math.min(rows.length, start + CHUNK)} of ${rows.length}…`;
    let p: Prediction;
    try {
      p = await api.predict(name, { rows: rows.slice(start, start + CHUNK) });
    } catch (error) {
      // The server counts the rows it was sent from 0 ("row 1 column …"): here they are the file's data rows, from 1.
      const message = (error as Error).message.replace(/\brow (\d+)\b/g, (_, r: string) => `data row ${start + Number(r) + 1}`);
      throw new Error(`${file.name}, rows ${start + 1}–${Math.min(rows.length, start + CHUNK)}: ${message}`);
    }
    header = p.task === 'classification' ? ['prediction', ...p.classes.map((c) => `p(${c})`)] : p.targets.map((t) => `predicted ${t}`);
    p.outputs.forEach((o, k) => results.push(p.task === 'classification' ? [p.labels[k], ...o] : o));
  }
  const csv = toCsv([[...table.columns, ...header], ...table.rows.map((r, k) => [...r, ...results[k]])], format);
  const link = h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: `${file.name.replace(/\.csv$/i, '')}-predictions.csv`, id: 'batch-download' }, `Download the ${rows.length} predictions (CSV)`);
  const shown = Math.min(10, rows.length);
  out.replaceChildren(
    h('p', { role: 'status' }, `${rows.length} rows predicted. `, link),
    scrollBox('Batch predictions', h('table', { class: 'data', id: 'batch-table' }, h('caption', {}, `The first ${shown} rows`), h('thead', {}, h('tr', {}, ...[...columns, ...header].map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, ...rows.slice(0, shown).map((r, k) => h('tr', {}, ...columns.map((c) => h('td', { class: words.has(c) ? '' : 'n' }, String(r[c] ?? ''))), ...results[k].map((v) => h('td', { class: 'n' }, typeof v === 'number' ? num(v) : v))))))),
  );
}

export function tryPanel(): void {
  const box = byId('try');
  let generation = 0;
  const show = async () => {
    const name = state.model;
    const mine = ++generation;
    if (name === null) return void box.replaceChildren(h('p', {}, 'Open a model from the list to try it.'));
    let details: ModelDetails;
    try {
      details = (await openModel(name)).details;
    } catch (error) {
      return void box.replaceChildren(h('p', { class: 'error' }, `${name}: ${(error as Error).message}`));
    }
    if (mine !== generation) return;
    const result = h('div', { 'aria-live': 'polite' });
    const form = sampleForm('try', details, details.columns, 'Predict', async (row) => {
      try {
        result.replaceChildren(answer(await api.predict(name, { rows: [row] })));
      } catch (error) {
        result.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message));
      }
    });
    const out = h('div', { id: 'batch-out' });
    const input = h('input', { id: 'batch-file', type: 'file', accept: '.csv,text/csv' });
    // The file picked, read again when the user changes its format's fields.
    let picked: { name: string; text: string } | null = null;
    const format: CsvFormatFields = csvFormatFields('batch', () => picked !== null && void predict(picked));
    format.element.hidden = true;
    const predict = (file: { name: string; text: string }) => {
      let chosen: CsvFormat;
      try {
        chosen = format.read();
      } catch {
        return out.replaceChildren();
      }
      out.replaceChildren();
      return batch(name, details, file, chosen, out).catch((error: Error) => {
        // A cell or a header the format cannot read: beside the format's fields; else below them.
        if (error instanceof FormatChoiceError && error.aboutFormat) {
          out.replaceChildren();
          format.error(error.message);
        } else out.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
      });
    };
    const run = async (file: File) => {
      picked = null;
      format.element.hidden = true;
      try {
        picked = { name: file.name, text: await fileText(file) };
      } catch (error) {
        return out.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message));
      }
      format.detected(detectCsvFormat(picked.text));
      format.element.hidden = false;
      await predict(picked);
    };
    input.addEventListener('change', () => input.files?.[0] && void run(input.files[0]));
    const drop = h('div', { class: 'drop' }, h('label', { for: 'batch-file' }, `A CSV with the columns ${details.columns.join(', ')} for batch predictions`), input, h('span', { class: 'or' }, 'or drop one here'));
    drop.addEventListener('dragover', (event) => event.preventDefault());
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void run(file);
    });
    box.replaceChildren(h('div', { class: 'split' }, h('div', {}, h('h3', {}, `Predict with ${name}`), form, result), h('div', {}, h('h3', {}, 'Batch'), drop, format.element, out)));
  };
  state.on('model', () => void show());
  state.on('data', () => void show());
  if (state.model !== null) void show();
}
