/** The shapes of the API's answers that the page reads (the OpenAPI document at /openapi.json has them all). */
import type { ActivationSpec, ExplainedLayer, Scaler } from '@bpnn/core';

export interface ModelSummary {
  name: string;
  task: 'classification' | 'regression';
  /** Layer sizes, inputs first. */
  layers: number[];
  /** The network's inputs, in order (a column of categories as its 0/1 inputs "name=category"). */
  inputs: string[];
  /** The columns of a raw row (predict's and explain's records): a column of categories in place of its 0/1 inputs. */
  columns: string[];
  /** Each column of categories and its categories. */
  categorical: { name: string; categories: string[] }[];
  labels: string[] | null;
  updatedAt: string;
}

export interface TrainingRecord {
  options?: Record<string, unknown>;
  rows?: number;
  epochs?: number;
  stoppedBy?: string;
  loss?: number;
  valLoss?: number;
  seconds?: number;
}

export interface ModelDetails extends ModelSummary {
  activations: Array<string | { name: string }>;
  loss: string;
  dtype: string;
  parameters: number;
  targets: string[];
  inputScaling: string;
  /** A model trained with missing: 'mean': each input's fill; null when it refuses missing values. */
  fill: number[] | null;
  training: TrainingRecord | null;
  bytes: number;
  sha256: string;
}

/** GET /v1/models/:name/file with Accept: application/json (and a job's snapshot's model). */
export interface ModelFile {
  model: {
    /** Layer sizes, inputs first. */
    layers: number[];
    /** One per layer after the inputs. */
    activations: ActivationSpec[];
    task: 'classification' | 'regression';
    inputNames: string[];
    /** Columns of categories, whose 0/1 inputs are among inputNames (absent when none). */
    categorical?: { name: string; categories: string[] }[];
    targetNames: string[];
    inputScaler: Scaler;
    labels?: string[];
    targetScaler?: Scaler;
  };
  /**
   * "layers.{l}.weight": shape [n_l, n_{l+1}], data rows; "layers.{l}.bias": shape [n_{l+1}]; a model
   * with a checkpoint also has "optimizer.*" and "checkpoint.order" (dtype "U32", row indices).
   */
  tensors: Record<string, { dtype?: 'U32'; shape: number[]; data: number[][] | number[] }>;
}

export type Prediction =
  | { task: 'classification'; classes: string[]; outputs: number[][]; labels: string[] }
  | { task: 'regression'; targets: string[]; outputs: number[][] };

export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
  seconds: number;
}

/** A job's `snapshot` event: a small network's weights as it trains (`final`: the model as stored). */
export interface JobSnapshot {
  epoch: number;
  final: boolean;
  model: ModelFile;
}

export interface Job {
  id: string;
  name: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  epoch: number;
  epochs: number;
  loss: number | null;
  valLoss: number | null;
  options: Record<string, unknown>;
  /** Rows of the data set (with validation rows), once the worker has read it. */
  rows: number | null;
  stoppedBy: string | null;
  error: string | null;
  /** Every epoch so far (GET /v1/jobs/:id only; GET /v1/jobs leaves it out). */
  losses?: EpochInfo[];
}

export const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export interface Explanation {
  model: string;
  input: Record<string, number>;
  target: Record<string, string | number>;
  encodedTarget: number[];
  prediction: { label?: string; outputs: number[] };
  cost: number;
  loss: string;
  outputRule: string;
  layers: ExplainedLayer[];
  topGradients: Array<{ layer: number; i: number; j: number; activation: number; residual: number; gradient: number }>;
}
