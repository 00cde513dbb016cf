/**
 * Watch: the job in the URL hash (just started, or picked from the list of jobs: jobs.ts), live
 * from its Server-Sent Events: loss curves, epoch, samples per second, time left (job-stats.ts),
 * a cancel button, and for a small network of two inputs its decision map redrawn from each
 * snapshot (live-map.ts). After a reload the page reads the history with
 * GET /v1/jobs/:id, draws it, and follows the events after its last epoch (Last-Event-ID).
 */
import { api } from '../api/client.js';
import { followJob } from '../api/events.js';
import { FINISHED, type EpochInfo, type Job } from '../api/types.js';
import { byId, h, onWidthChange } from '../dom.js';
import { lossChart, lossLegend, lossTable } from '../draw/loss-chart.js';
import { jobStats } from './job-stats.js';
import { liveMap } from './live-map.js';
import { state } from '../state.js';

/** What the panel says of an ended job. */
const ending = (job: Job) => (job.state === 'succeeded' ? `Finished: model ${job.name} is stored.` : `The job ${job.state}${job.error ? `: ${job.error}` : '.'}`);

export function watchPanel(): void {
  const box = byId('watch');
  let abort = new AbortController();

  const start = async () => {
    abort.abort();
    abort = new AbortController();
    const { signal } = abort;
    const id = state.job;
    if (id === null) return;
    let job: Job;
    try {
      job = await api.job(id);
    } catch (error) {
      box.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Job ${id}: ${(error as Error).message}`));
      return;
    }
    const history: EpochInfo[] = [...(job.losses ?? [])];
    const chartBox = h('div', { class: 'chart-box' });
    const facts = h('dl', { class: 'facts stats' }); // not live: it changes every epoch; the message below is
    const numbers = h('details', {}, h('summary', {}, 'Show the numbers'));
    const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel the job');
    const message = h('p', { role: 'status' });
    const map = liveMap(job.name);
    box.replaceChildren(h('h3', {}, `Job for model ${job.name}`), h('p', { class: 'muted' }, `id ${job.id}`), facts, cancel, message, chartBox, lossLegend(), numbers, map.element);
    let pending = false;
    const draw = () => {
      pending = false;
      facts.replaceChildren(...jobStats(job, history).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-stat': k }, v)]));
      chartBox.replaceChildren(lossChart(history, chartBox.clientWidth || 600));
      cancel.hidden = FINISHED.has(job.state);
      if (numbers.open) numbers.replaceChildren(numbers.firstChild!, lossTable(history));
      // A live region: said once, not again on each redraw.
      if (FINISHED.has(job.state) && message.textContent !== ending(job)) message.textContent = ending(job);
    };
    const redraw = () => {
      if (!pending) {
        pending = true;
        setTimeout(draw, 100);
      }
    };
    numbers.addEventListener('toggle', draw);
    onWidthChange(chartBox, redraw);
    cancel.addEventListener('click', async () => {
      try {
        const answer = await api.cancelJob(id);
        // The job's result may have come on its events while the answer was on its way (a running
        // job stops within a batch): the answer, which says `running`, must not undo it.
        if (FINISHED.has(job.state)) return;
        job = { ...job, ...answer };
        // A queued job is cancelled at once (the answer says so, and draw says it); a running one at its next batch.
        message.textContent = 'Cancelling…';
        draw();
      } catch (error) {
        message.textContent = `Could not cancel: ${(error as Error).message}`;
      }
    });
    draw();
    if (FINISHED.has(job.state)) return;
    await followJob(id, history.length ? history[history.length - 1].epoch : 0, {
      state: (record) => {
        job = { ...job, ...record };
        redraw();
      },
      epoch: (info) => {
        if (history.length === 0 || info.epoch > history[history.length - 1].epoch) history.push(info);
        redraw();
      },
      snapshot: (snapshot) => map.show(snapshot),
      result: (record) => {
        job = { ...job, ...record };
        draw();
        if (record.state === 'succeeded') {
          state.modelsChanged();
          state.openModel(record.name);
        }
      },
    }, signal).catch((error: Error) => {
      message.textContent = `Lost the job's events: ${error.message}`;
    });
  };

  state.on('job', () => void start());
  if (state.job !== null) void start();
}
