/** What a model remembers of its training (plain JSON): written by Model.train, kept in model files. */
export interface TrainingRecord {
  options: Record<string, unknown>;
  rows: number;
  epochs: number;
  bestEpoch: number;
  stoppedBy: string;
  loss: number;
  valLoss?: number;
  seed: number;
  seconds: number;
  /** When this training continued a model (`Model.train`'s `from`): the epochs run before, and whether its optimiser state went on. */
  continued?: { epochs: number; optimizerState: boolean };
}
