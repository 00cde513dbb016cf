/** What a model remembers of its training (plain JSON): written by Model.train, kept in model files. */
export interface TrainingRecord {
  options: Record<string, unknown>;
  rows: number;
  epochs: number;
  bestEpoch: number;
  stoppedBy: string;
  /** The training loss of the epoch kept; NaN when the training stopped before its first epoch ended (null in JSON). */
  loss: number;
  valLoss?: number;
  seed: number;
  seconds: number;
  /** When this training continued a model (`Model.train`'s `from`): the epochs run before, and whether its optimiser state went on. */
  continued?: { epochs: number; optimizerState: boolean };
}

/** How a fit went, as `fit` reports it (FitResult): what a training record keeps of it. */
export interface FitSummary {
  epochs: number;
  bestEpoch: number;
  stoppedBy: string;
  loss: number;
  valLoss?: number;
  seconds: number;
}

/** The record of a finished training: its options as JSON (with the choices resolved), its rows and seed, how the fit went. */
export function trainingRecord(options: Record<string, unknown>, rows: number, seed: number, result: FitSummary, continued?: TrainingRecord['continued']): TrainingRecord {
  const { epochs, bestEpoch, stoppedBy, loss, valLoss, seconds } = result;
  return { options, ...(continued !== undefined && { continued }), rows, epochs, bestEpoch, stoppedBy, loss, valLoss, seed, seconds };
}
