/**
 * The open model as the panels need it: its details (GET /v1/models/:name) and its JSON form with
 * the weights (GET /v1/models/:name/file, Accept: application/json), fetched once per model and
 * forgotten when the list of models changes (a job may have replaced it).
 */
import { api } from './api/client.js';
import type { ModelDetails, ModelFile } from './api/types.js';
import { state } from './state.js';

export interface OpenModel {
  details: ModelDetails;
  file: ModelFile;
  /** W[l][i][j], from the tensors "layers.{l}.weight" of shape [n_l, n_{l+1}]. */
  weights: number[][][];
}

const cache = new Map<string, Promise<OpenModel>>();
state.on('models', () => cache.clear());

export function openModel(name: string): Promise<OpenModel> {
  let entry = cache.get(name);
  if (entry === undefined) {
    entry = (async () => {
      const [details, file] = await Promise.all([api.model(name), api.modelFile(name)]);
      const weights = details.layers.slice(1).map((_, l) => file.tensors[`layers.${l}.weight`].data as number[][]);
      return { details, file, weights };
    })();
    entry.catch(() => cache.delete(name));
    cache.set(name, entry);
  }
  return entry;
}
