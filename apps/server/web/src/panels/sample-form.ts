/**
 * A form for one sample of a model: a field per column (numbers for inputs, a choice of the
 * categories for a column of categories, the class or number for a target), filled from a row of
 * the loaded data when it has the columns; on submit, the sample as a record keyed by column name.
 */
import type { ModelDetails } from '../api/types.js';
import { cellValue, recordOf } from '../data/csv.js';
import { h } from '../dom.js';
import { state } from '../state.js';

export function sampleForm(prefix: string, model: ModelDetails, columns: readonly string[], submitText: string, onSubmit: (row: Record<string, unknown>) => void | Promise<void>): HTMLFormElement {
  const id = (c: number) => `${prefix}-col-${c}`;
  const isLabel = (name: string) => model.labels !== null && model.targets.includes(name);
  // The choices of a column that takes words: a classifier's target, or a column of categories.
  // An input left empty is a missing value where the model fills them (a target never is).
  const takesGaps = (name: string) => model.fill !== null && !model.targets.includes(name);
  const choices = (name: string): readonly string[] | undefined => (isLabel(name) ? model.labels! : model.categorical.find((c) => c.name === name)?.categories);
  const controls = columns.map((name, c) => {
    const options = choices(name);
    return options !== undefined
      ? h('select', { id: id(c), name }, ...options.map((l) => h('option', { value: l }, l)))
      : h('input', { id: id(c), name, type: 'number', step: 'any', inputmode: 'decimal', ...(takesGaps(name) ? { placeholder: 'missing' } : { required: true }) });
  });
  const fields = h('div', { class: 'grid' }, ...columns.map((name, c) => h('div', { class: 'field' }, h('label', { for: id(c) }, name), controls[c])));
  const fill = (record: Record<string, string | number>) => {
    columns.forEach((name, c) => {
      if (record[name] !== undefined) controls[c].value = String(record[name]);
    });
  };
  const data = state.data;
  const usable = data !== null && columns.every((name) => data.table.columns.includes(name));
  let picker: HTMLElement | null = null;
  if (usable) {
    const rowInput = h('input', { id: `${prefix}-row`, type: 'number', min: 1, max: data.table.rows.length, value: 1, step: 1 });
    const use = h('button', { type: 'button' }, 'Use this row');
    use.addEventListener('click', () => {
      const r = Math.min(Math.max(1, Math.round(Number(rowInput.value)) || 1), data.table.rows.length);
      fill(recordOf(data.table, r - 1, columns, data.format));
    });
    // Enter in the row field loads that row (it would submit the form with the values shown).
    rowInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      use.click();
    });
    picker = h('div', { class: 'row-picker' }, h('label', { for: `${prefix}-row` }, `Row of ${data.name} (1–${data.table.rows.length})`), rowInput, use);
    fill(recordOf(data.table, 0, columns, data.format));
  }
  const form = h('form', { class: 'sample', id: `${prefix}-form` }, picker, fields, h('button', { type: 'submit', class: 'primary' }, submitText));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const row: Record<string, unknown> = {};
    columns.forEach((name, c) => {
      const text = controls[c].value;
      row[name] = choices(name) !== undefined ? text : takesGaps(name) && text.trim() === '' ? null : cellValue(text);
    });
    void onSubmit(row);
  });
  return form;
}
