/**
 * The decision map of a job's network as it trains: redrawn from each snapshot the job's events
 * carry (a network of two inputs and at most a few thousand weights, a few times a second), its
 * predictions computed in the page from the snapshot's weights (forward.ts) with the server's math.
 * The final snapshot is the model as stored, so the last map drawn is the stored model's.
 */
import type { JobSnapshot } from '../api/types.js';
import { h } from '../dom.js';
import { decisionMap } from '../draw/decision-map.js';
import { forward } from '../forward.js';
import { state } from '../state.js';

export interface LiveMap {
  element: HTMLElement;
  /** Draws the snapshot (or, while one is being drawn, the latest to come when it is done). */
  show(snapshot: JobSnapshot): void;
}

export function liveMap(name: string): LiveMap {
  const element = h('div', { class: 'live-map', id: 'live-map', hidden: true });
  let latest: JobSnapshot | null = null;
  let drawing = false;

  const draw = async () => {
    drawing = true;
    try {
      while (latest !== null) {
        const snapshot: JobSnapshot = latest;
        latest = null;
        const { model } = snapshot.model;
        const subject = { inputs: model.inputNames, labels: model.labels ?? null, targets: model.targetNames, inputScaler: model.inputScaler };
        const title = snapshot.final ? `${name} as stored (epoch ${snapshot.epoch})` : `${name} at epoch ${snapshot.epoch}`;
        const figure = await decisionMap(title, subject, (inputs) => forward(snapshot.model, inputs), state.data);
        Object.assign(figure.dataset, { epoch: String(snapshot.epoch), final: String(snapshot.final) });
        // The numbers stay open across redraws when they were open.
        const numbers = figure.querySelector('details');
        if (numbers !== null && element.querySelector('details')?.open) numbers.open = true;
        const note = snapshot.final ? `The model as stored, from the weights of epoch ${snapshot.epoch}.` : `As the network is after epoch ${snapshot.epoch}, computed in this page from the weights the job sends.`;
        element.replaceChildren(h('h3', {}, 'Decision map, as it trains'), h('p', { class: 'muted', 'data-map-note': '' }, note), figure);
        element.hidden = false;
      }
    } catch (error) {
      element.replaceChildren(h('p', { class: 'error' }, `Decision map: ${(error as Error).message}`));
      element.hidden = false;
    } finally {
      drawing = false;
    }
  };

  return {
    element,
    show(snapshot) {
      // A map needs a plane of two numeric inputs (not the 0/1 inputs of a column of categories).
      if (snapshot.model.model.inputNames.length !== 2 || (snapshot.model.model.categorical ?? []).length > 0) return;
      latest = snapshot;
      if (!drawing) void draw();
    },
  };
}
