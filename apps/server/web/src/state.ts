/**
 * What the panels share: the model open, the job watched (both kept in the URL hash, so that a
 * reload or a link comes back to them: #model=iris&job=…), and the data set loaded in the train
 * panel (its rows are the samples the other panels offer). Panels subscribe to changes.
 */
import type { Table } from './data/csv.js';
import type { CsvFormat } from './data/csv-format.js';

export interface Loaded {
  name: string;
  table: Table;
  text: string;
  /** How the file writes fields and numbers: its table was read with it, and its rows' numbers are. */
  format: CsvFormat;
}

type Listener = () => void;

class PageState {
  model: string | null = null;
  job: string | null = null;
  data: Loaded | null = null;
  private readonly listeners = { model: [] as Listener[], job: [] as Listener[], data: [] as Listener[], models: [] as Listener[] };

  constructor() {
    this.readHash();
    // A link or a typed hash changes what is open (the page's own changes use replaceState, which fires nothing).
    addEventListener('hashchange', () => {
      // A link to a section (the header's, "Skip to the content": #watch-h) scrolls there; what is
      // open stays open, and goes back into the URL so that a reload still finds it.
      const id = decodeURIComponent(location.hash.slice(1));
      if (id !== '' && !/(^|&)(model|job)=/.test(location.hash.slice(1)) && document.getElementById(id) !== null) {
        this.writeHash();
        return;
      }
      const [model, job] = [this.model, this.job];
      this.readHash();
      if (this.model !== model) this.emit('model');
      if (this.job !== job) this.emit('job');
    });
  }

  private readHash(): void {
    const hash = new URLSearchParams(location.hash.slice(1));
    this.model = hash.get('model');
    this.job = hash.get('job');
  }

  on(what: keyof PageState['listeners'], listener: Listener): void {
    this.listeners[what].push(listener);
  }

  private emit(what: keyof PageState['listeners']): void {
    for (const listener of this.listeners[what]) listener();
  }

  private writeHash(): void {
    const hash = new URLSearchParams();
    if (this.model !== null) hash.set('model', this.model);
    if (this.job !== null) hash.set('job', this.job);
    history.replaceState(null, '', `#${hash.toString()}`);
  }

  openModel(name: string | null): void {
    this.model = name;
    this.writeHash();
    this.emit('model');
  }

  watchJob(id: string | null): void {
    this.job = id;
    this.writeHash();
    this.emit('job');
  }

  loadData(data: Loaded): void {
    this.data = data;
    this.emit('data');
  }

  /** The list of models changed on the server (a job stored one, one was deleted). */
  modelsChanged(): void {
    this.emit('models');
  }
}

export const state = new PageState();
