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
}
