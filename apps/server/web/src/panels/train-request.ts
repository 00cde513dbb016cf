/**
 * The JSON body of POST /v1/jobs from the Train panel's form and the data loaded: the file's text
 * with its format (`delimiter`, `decimal`, `thousands`, sent where they are not the server's
 * defaults), and the options the form sets; a field left empty is left to the server, which
 * chooses from the data as `bpnn train` does (core's auto-defaults.ts).
 */
import type { CsvFormat } from '../data/csv-format.js';
import type { Loaded } from '../state.js';

/** The job's `delimiter`, `decimal` and `thousands`, where they are not the server's defaults. */
function formatRequest(format: CsvFormat): Record<string, string> {
  const request: Record<string, string> = {};
  if (format.delimiter !== ',') request.delimiter = format.delimiter;
  if (format.decimal !== '.') request.decimal = format.decimal;
  if (format.thousands !== undefined) request.thousands = format.thousands;
  return request;
}

/** The JSON body of POST /v1/jobs from the form. */
export function jobRequest(form: HTMLFormElement, data: Loaded): Record<string, unknown> {
  const v = (id: string) => (form.elements.namedItem(id) as HTMLInputElement).value.trim();
  const n = (id: string) => Number(v(id));
  const optimizer = v('optimizer');
  const request: Record<string, unknown> = {
    name: v('name'),
    csv: data.text,
    ...formatRequest(data.format),
    target: v('target'),
    features: [...form.querySelectorAll<HTMLInputElement>('input[name=feature]:checked')].map((c) => c.value),
    activation: v('activation'),
    optimizer,
    seed: n('seed'),
  };
  // Left empty: chosen by the server from the data (core's auto-defaults.ts).
  if (v('hidden') !== '') {
    const sizes = v('hidden').toLowerCase() === 'none' ? [] : v('hidden').split(',').map((x) => x.trim());
    const bad = sizes.find((x) => !/^\d+$/.test(x));
    if (bad !== undefined) throw new Error(`Hidden layers: ${JSON.stringify(bad)} is not a whole number (sizes, comma-separated, such as 16,8; or none)`);
    request.hidden = sizes.map(Number);
  }
  for (const id of ['epochs', 'batchSize', 'l2']) if (v(id) !== '') request[id] = n(id);
  if (v('task') !== 'inferred') request.task = v('task');
  if (optimizer !== 'rprop' && v('learningRate') !== '') request.learningRate = n('learningRate');
  if (n('validationSplit') > 0) request.validationSplit = n('validationSplit');
  if (v('stopping') === 'validation') request.earlyStopping = true;
  if (v('stopping') === 'none') request.earlyStopping = false;
  if (v('missing') === 'mean') request.missing = 'mean';
  const categorical = v('categorical').split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (categorical.length > 0) request.categorical = categorical;
  return request;
}
