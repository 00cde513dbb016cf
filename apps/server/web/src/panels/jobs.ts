/**
 * The server's jobs (GET /v1/jobs), newest first: each a button with its model's name, which
 * follows it in Watch (state.watchJob: the URL hash keeps it), when it was created, its state and
 * its epochs so far. The list is read again every 2 s while a job is queued or running and every
 * 15 s otherwise (a job started elsewhere shows up), never while the tab is hidden, and at once
 * when a job is started or watched. Polling rather than events: the server streams one job's
 * events, not the list's, and a stream per running job would replay each one's history and count
 * against --max-streams; the list without epochs is small. Rows are updated in place, so that the
 * keyboard's focus on a button survives a refresh; only the one-line summary is a live region,
 * and it changes when a job starts or ends, not with every epoch.
 */
import { api } from '../api/client.js';
import { FINISHED, type Job } from '../api/types.js';
import { byId, h, scrollBox } from '../dom.js';
import { state } from '../state.js';

const BUSY_MS = 2000;
const IDLE_MS = 15_000;
/** Rows shown: the newest; the summary counts all. */
const SHOWN = 20;

/** The time of day a job was created (the date too when it was not today); its title has both. */
function created(iso: string): HTMLElement {
  const at = new Date(iso);
  const today = at.toDateString() === new Date().toDateString();
  const clock = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const text = today ? clock : `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${clock}`;
  return h('small', { class: 'muted created', title: at.toLocaleString() }, text);
}

interface Row {
  tr: HTMLTableRowElement;
  state: HTMLElement;
  progress: HTMLProgressElement;
  epochs: HTMLElement;
  button: HTMLButtonElement;
}

function newRow(job: Job): Row {
  const when = created(job.createdAt);
  const label = `the job for ${job.name}, created ${when.textContent}`;
  const row: Row = {
    tr: h('tr', { 'data-job': job.id }),
    state: h('td', { 'data-cell': 'state' }),
    progress: h('progress', { max: 1, value: 0, 'aria-label': `Progress of ${label}` }),
    epochs: h('span', { class: 'epochs' }),
    button: h('button', { type: 'button', 'aria-label': `Watch ${label}` }, job.name),
  };
  row.button.addEventListener('click', () => state.watchJob(job.id));
  row.tr.append(h('th', { scope: 'row' }, row.button, when), row.state, h('td', { class: 'progress' }, row.progress, row.epochs));
  return row;
}

function update(row: Row, job: Job): void {
  if (row.state.textContent !== job.state) row.state.textContent = job.state;
  row.progress.max = Math.max(1, job.epochs);
  row.progress.value = job.epoch;
  row.epochs.textContent = `${job.epoch} / ${job.epochs}`;
  const watched = state.job === job.id;
  row.tr.classList.toggle('current', watched);
  if (watched) row.tr.setAttribute('aria-current', 'true');
  else row.tr.removeAttribute('aria-current');
}

function summary(jobs: readonly Job[]): string {
  if (jobs.length === 0) return 'No jobs on the server yet.';
  const count = (states: string[]) => jobs.filter((j) => states.includes(j.state)).length;
  const parts = [`${count(['running'])} running`, `${count(['queued'])} queued`, `${jobs.length - count(['running', 'queued'])} ended`];
  const more = jobs.length > SHOWN ? `; the newest ${SHOWN} are listed` : '';
  return `${jobs.length} job${jobs.length === 1 ? '' : 's'} on the server: ${parts.join(', ')}${more}.`;
}

export function jobsPanel(): void {
  const box = byId('jobs');
  const status = h('p', { id: 'jobs-status', role: 'status' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data', id: 'jobs-table' },
    h('caption', { class: 'visually-hidden' }, 'Jobs, newest first: a button to watch each'),
    h('thead', {}, h('tr', {}, ...['Job (model, created)', 'State', 'Epochs'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody,
  );
  const list = scrollBox("The server's jobs", table);
  list.hidden = true;
  box.replaceChildren(h('h3', {}, 'Jobs'), status, list);
  const rows = new Map<string, Row>();
  let jobs: Job[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    const newest = [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, SHOWN);
    const keep = new Set(newest.map((j) => j.id));
    for (const [id, row] of rows) {
      if (!keep.has(id)) {
        row.tr.remove();
        rows.delete(id);
      }
    }
    // Rows stay where they are (a job's place never changes); new ones go in at theirs.
    let before: Element | null = tbody.firstElementChild;
    for (const job of newest) {
      let row = rows.get(job.id);
      if (row === undefined) {
        row = newRow(job);
        rows.set(job.id, row);
        tbody.insertBefore(row.tr, before);
      }
      update(row, job);
      before = row.tr.nextElementSibling;
    }
    list.hidden = newest.length === 0;
    const text = summary(jobs);
    if (status.textContent !== text) status.textContent = text;
  };

  const refresh = async () => {
    clearTimeout(timer);
    timer = undefined;
    if (document.hidden) return; // visibilitychange reads the list again
    try {
      jobs = await api.jobs();
      draw();
    } catch (error) {
      status.textContent = `Could not read the list of jobs: ${(error as Error).message}`;
    }
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), jobs.some((j) => !FINISHED.has(j.state)) ? BUSY_MS : IDLE_MS);
  };

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void refresh();
  });
  state.on('job', () => {
    draw(); // the row watched at once, then the list as it is now (a job just started)
    void refresh();
  });
  void refresh();
}
