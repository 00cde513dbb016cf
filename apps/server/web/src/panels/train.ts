/**
 * Train: a CSV picked, dropped or bundled (iris); its format (delimiter, decimal mark) proposed
 * from its first lines and open to change; its columns, the target and features chosen, and the
 * main options of `bpnn train` with the project's defaults (data/defaults.ts); then POST /v1/jobs.
 * A bad file gets the server's own message, which names the line and column; one about the format
 * shows beside its fields, in their words.
 */
import { api, ApiError } from '../api/client.js';
import { parseCsv } from '../data/csv.js';
import { detectCsvFormat } from '../data/csv-detect.js';
import { delimiterName, type CsvFormat } from '../data/csv-format.js';
import { BINARY, fileText } from '../data/file-text.js';
import { AUTO_RULES, FIT_DEFAULTS, OPTIMIZER_DEFAULTS, TRAIN_DEFAULTS } from '../data/defaults.js';

/** What an empty field means: the server chooses the value from the data. */
const AUTO = 'auto';
/** When a job stops before its epochs: core's default (auto), early stopping on a hold-out, or never. */
const STOPPING = ['auto', 'validation', 'none'];
import { IRIS } from '../data/iris.js';
import { byId, h } from '../dom.js';
import { state, type Loaded } from '../state.js';
import { csvFormatFields, pageWording } from './csv-format-fields.js';
import { jobRequest } from './train-request.js';

const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'softplus', 'linear'];
const OPTIMIZERS = Object.keys(OPTIMIZER_DEFAULTS) as Array<keyof typeof OPTIMIZER_DEFAULTS>;

const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
  h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { id: `${id}-hint` }, hint) : null);
const select = (id: string, options: readonly string[], value: string) => h('select', { id, name: id }, ...options.map((o) => h('option', { value: o, selected: o === value }, o)));
const numberInput = (id: string, value: number | string, attrs: Record<string, unknown> = {}) => h('input', { id, name: id, type: 'number', value, inputmode: 'decimal', ...attrs });

/** A model name the server takes: 1–64 of A–Z a–z 0–9 . _ -, not starting with a dot. */
const modelName = (file: string) => file.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+/, '').slice(0, 64) || 'model';

function buildForm(form: HTMLFormElement, data: Loaded, suggestedTarget: string | undefined): void {
  const { columns } = data.table;
  const target = suggestedTarget && columns.includes(suggestedTarget) ? suggestedTarget : columns[columns.length - 1];
  const features = h('fieldset', { class: 'features' }, h('legend', {}, 'Features (inputs)'));
  const drawFeatures = (t: string) =>
    features.replaceChildren(
      h('legend', {}, 'Features (inputs)'),
      ...columns.filter((c) => c !== t).map((c, i) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'feature', value: c, checked: true, id: `feature-${i}` }), ` ${c}`)),
    );
  drawFeatures(target);
  const targetSelect = select('target', columns, target);
  targetSelect.addEventListener('change', () => drawFeatures(targetSelect.value));
  const optimizer = select('optimizer', OPTIMIZERS, FIT_DEFAULTS.optimizer);
  // Empty fields are left to the server, which chooses from the data as `bpnn train` does
  // (core's auto-defaults.ts): Adam's step size grows with the batch size, so its default is "auto".
  const learningRate = numberInput('learningRate', '', { step: 'any', min: 0, placeholder: AUTO });
  optimizer.addEventListener('change', () => {
    const settings = OPTIMIZER_DEFAULTS[optimizer.value as keyof typeof OPTIMIZER_DEFAULTS];
    learningRate.disabled = !('learningRate' in settings);
    learningRate.value = '';
    // Only Adam's default follows the batch size ("auto"); sgd's, quickprop's and lbfgs's are fixed.
    learningRate.placeholder = !('learningRate' in settings) ? '' : optimizer.value === 'adam' ? AUTO : String(settings.learningRate);
  });
  form.replaceChildren(
    h('p', {}, `${data.name}: ${data.table.rows.length} rows, ${columns.length} columns.`),
    h('div', { class: 'grid' }, field('name', 'Model name', h('input', { id: 'name', name: 'name', value: modelName(data.name), required: true, pattern: '[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,63}', title: '1 to 64 of the letters A–Z and a–z, digits, dot, underscore and hyphen, not starting with a dot' })), field('target', 'Target column', targetSelect)),
    features,
    h(
      'div',
      { class: 'grid' },
      field('task', 'Task', select('task', ['inferred', 'classification', 'regression'], 'inferred')),
      field('hidden', 'Hidden layers', h('input', { id: 'hidden', name: 'hidden', value: '', placeholder: AUTO, 'aria-describedby': 'hidden-hint' }), 'sizes, comma-separated; empty: chosen from the data'),
      field('activation', 'Hidden activation', select('activation', ACTIVATIONS, TRAIN_DEFAULTS.activation)),
      field('optimizer', 'Optimizer', optimizer),
      field('learningRate', 'Learning rate', learningRate),
      field('epochs', 'Epochs', numberInput('epochs', '', { min: 1, step: 1, placeholder: `${AUTO_RULES.epochs} at most` })),
      field('batchSize', 'Batch size', numberInput('batchSize', '', { min: 1, step: 1, placeholder: AUTO })),
      field('validationSplit', 'Validation split', numberInput('validationSplit', 0, { min: 0, max: 0.9, step: 'any', 'aria-describedby': 'validationSplit-hint' }), 'share held out, 0 for none'),
      field('l2', 'L2 weight decay', numberInput('l2', '', { min: 0, step: 'any', placeholder: AUTO })),
      field('seed', 'Seed', numberInput('seed', FIT_DEFAULTS.seed, { step: 1 })),
      field('stopping', 'Stopping', select('stopping', STOPPING, 'auto'), 'auto: when the training loss stops improving; validation: early stopping on a 20 % hold-out; none: every epoch'),
      field('missing', 'Missing values', select('missing', ['error', 'mean'], 'error'), 'empty cells, NA, ?: error, or mean: filled with the column\'s mean'),
      field('categorical', 'Columns of categories', h('input', { id: 'categorical', name: 'categorical', value: '', placeholder: 'none', 'aria-describedby': 'categorical-hint' }), 'columns of number codes to read as categories, comma-separated; a column of words is one already'),
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Start training'),
  );
  form.hidden = false;
}


export function trainPanel(): void {
  const form = byId<HTMLFormElement>('train-form');
  const fileInput = byId<HTMLInputElement>('train-file');
  const drop = byId('drop');
  const status = byId('train-file-status');
  const error = byId('train-error');

  // The file's text and name, read again with the format's fields when the user changes them.
  let picked: { name: string; text: string } | null = null;
  const format = csvFormatFields('train', () => {
    if (picked !== null) read(picked.name, picked.text, form.querySelector<HTMLSelectElement>('#target')?.value);
  });
  format.element.hidden = true;
  drop.after(format.element);
  const refused = (message: string) => {
    error.textContent = message;
    status.textContent = '';
    form.hidden = true;
  };
  const load = (name: string, text: string, target?: string) => {
    picked = null;
    format.element.hidden = true;
    // A NUL or a run of control characters: a binary file (a model file, an image), not CSV text.
    if (BINARY.test(text.slice(0, 4096))) return refused(`${name}: is not a CSV file: it holds binary bytes (a model file is uploaded with PUT /v1/models/:name, not trained on)`);
    picked = { name, text };
    format.detected(detectCsvFormat(text));
    format.element.hidden = false;
    read(name, text, target);
  };
  /** The file read with the format's fields: its columns, and the form for them. */
  const read = (name: string, text: string, target?: string) => {
    error.textContent = '';
    format.error('');
    const refuse = (why: string) => refused(`${name}: ${why}`);
    let chosen: CsvFormat;
    try {
      chosen = format.read();
    } catch {
      return refused('');
    }
    const table = parseCsv(text, chosen.delimiter);
    if (table.columns.length < 2 && table.rows.length > 0) {
      refused('');
      return format.error(`${name}: read with the delimiter ${delimiterName(chosen.delimiter)}, the header is one column (${JSON.stringify(table.columns[0])}); choose the delimiter that separates its fields, or give the file a second column`);
    }
    if (table.columns.length < 2 || table.rows.length === 0) return refuse('needs a header row and at least one data row with two or more columns');
    const empty = table.columns.findIndex((c) => c.trim() === '');
    if (empty >= 0) return refuse(`the header's column ${empty + 1} has no name; every column needs one`);
    const twice = table.columns.find((c, k) => table.columns.indexOf(c) !== k);
    if (twice !== undefined) return refuse(`the header names ${JSON.stringify(twice)} twice; every column needs a name of its own`);
    status.textContent = `Loaded ${name}.`;
    const data = { name, table, text, format: chosen };
    buildForm(form, data, target);
    state.loadData(data);
  };
  const readFile = async (file: File) => {
    let text: string;
    try {
      text = await fileText(file);
    } catch (failure) {
      picked = null;
      format.element.hidden = true;
      return refused(failure instanceof Error ? failure.message : String(failure));
    }
    load(file.name, text);
  };

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void readFile(file);
  });
  byId('use-iris').addEventListener('click', () => load(IRIS.name, IRIS.text, IRIS.target));
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) void readFile(file);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (state.data === null) return;
    error.textContent = '';
    format.error('');
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    try {
      const job = await api.startJob(jobRequest(form, state.data));
      state.watchJob(job.id);
      document.getElementById('watch-h')?.scrollIntoView({ behavior: 'smooth' });
    } catch (e) {
      // The server's message about the data names the file; one that is not about it (a refused
      // token, no server, a field of this form) does not.
      const aboutData = e instanceof ApiError && e.status !== 401 && e.status !== 0;
      const aboutFormat = aboutData ? pageWording(e.message) : undefined;
      if (aboutFormat !== undefined) {
        format.error(`${state.data.name}: ${aboutFormat}`);
        format.element.scrollIntoView({ block: 'nearest' });
      } else error.textContent = aboutData ? `${state.data.name}: ${e.message}` : `The job was not started: ${(e as Error).message}.`;
    } finally {
      button.disabled = false;
    }
  });
}
