/**
 * Models: the stored models as a table (architecture, task, labels or targets, when and how
 * trained, file size, checksum), one model's details, its download, and its deletion (which asks
 * first, and asks for the token when the server has one).
 */
import { api, ApiError } from '../api/client.js';
import type { ModelDetails } from '../api/types.js';
import { confirmAction } from '../confirm.js';
import { byId, bytes, h, num } from '../dom.js';
import { state } from '../state.js';

const activationName = (a: string | { name: string }) => (typeof a === 'string' ? a : a.name);

function trainedText(m: ModelDetails): string {
  const when = new Date(m.updatedAt).toLocaleString();
  const t = m.training;
  if (t === null) return `${when}; imported (no training record)`;
  const how = [t.epochs !== undefined && `${t.epochs} epochs`, t.stoppedBy && `stopped by ${t.stoppedBy}`, t.rows !== undefined && `${t.rows} rows`, t.loss !== undefined && `loss ${num(t.loss)}`];
  return `${when}; ${how.filter(Boolean).join(', ')}`;
}

function row(m: ModelDetails): HTMLTableRowElement {
  const open = h('button', { type: 'button', onclick: () => state.openModel(m.name), 'aria-label': `Open ${m.name}` }, 'Open');
  const download = h('a', { href: api.fileUrl(m.name), download: `${m.name}.bpnn`, 'aria-label': `Download ${m.name}.bpnn` }, 'Download');
  const remove = h('button', { type: 'button', class: 'danger', onclick: () => void deleteModel(m.name), 'aria-label': `Delete ${m.name}` }, 'Delete');
  return h(
    'tr',
    { 'data-model': m.name, class: m.name === state.model ? 'current' : undefined },
    h('th', { scope: 'row' }, m.name),
    h('td', {}, m.layers.join('-')),
    h('td', {}, m.task),
    h('td', {}, (m.labels ?? m.targets).join(', ')),
    h('td', {}, trainedText(m)),
    h('td', { class: 'n' }, bytes(m.bytes)),
    h('td', {}, h('code', { title: m.sha256 }, m.sha256.slice(0, 12))),
    h('td', { class: 'actions' }, open, ' ', download, ' ', remove),
  );
}

async function deleteModel(name: string): Promise<void> {
  const status = byId('models-status');
  if (!(await confirmAction(`Delete ${name}?`, `The model ${name} and its file will be deleted from the server.`, 'Delete'))) return;
  try {
    await api.deleteModel(name);
    status.textContent = `Deleted ${name}.`;
    if (state.model === name) state.openModel(null);
    state.modelsChanged();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      // Deleted already (by another client): the list and the open model follow the server.
      status.textContent = `${name} was already deleted.`;
      if (state.model === name) state.openModel(null);
      state.modelsChanged();
      return;
    }
    status.textContent = `Could not delete ${name}: ${(error as Error).message}`;
  }
}

function details(m: ModelDetails): HTMLElement {
  const t = m.training;
  const facts: Array<[string, string]> = [
    ['Layers', `${m.layers.join(' → ')} (${m.parameters} weights and biases, ${m.dtype})`],
    ['Activations', m.activations.map(activationName).join(', ')],
    ['Loss', m.loss],
    ['Inputs', `${m.inputs.join(', ')} (scaling: ${m.inputScaling})`],
    ...m.categorical.map((c): [string, string] => [`Categories of ${c.name}`, `${c.categories.join(', ')} (one 0/1 input each)`]),
    [m.labels ? 'Classes' : 'Targets', (m.labels ?? m.targets).join(', ')],
    ['Trained', trainedText(m)],
    ['Training options', t?.options ? Object.entries(t.options).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ') : '–'],
    ['File', `${bytes(m.bytes)}, SHA-256 ${m.sha256}`],
  ];
  return h('div', {}, h('h3', {}, `Model ${m.name}`), h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

export function modelsPanel(): void {
  const table = byId<HTMLTableElement>('models-table');
  const status = byId('models-status');
  const detailsBox = byId('model-details');
  let models: ModelDetails[] = [];

  const render = () => {
    table.replaceChildren(
      h('caption', { class: 'visually-hidden' }, 'Stored models'),
      h('thead', {}, h('tr', {}, ...['Name', 'Layers', 'Task', 'Classes or targets', 'Trained', 'Size', 'SHA-256', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...models.map(row)),
    );
    table.hidden = models.length === 0;
    const current = models.find((m) => m.name === state.model);
    detailsBox.replaceChildren(current ? details(current) : '');
  };

  const refresh = async () => {
    try {
      const list = await api.models();
      models = await Promise.all(list.map((m) => api.model(m.name)));
      status.textContent = models.length === 0 ? 'No models yet: train one below.' : `${models.length} model${models.length === 1 ? '' : 's'}.`;
    } catch (error) {
      status.textContent = `Could not list the models: ${error instanceof ApiError ? error.message : String(error)}`;
    }
    render();
  };

  state.on('models', () => void refresh());
  state.on('model', render);
  void refresh();
}
