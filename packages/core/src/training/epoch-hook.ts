/**
 * Something that plugs in around the epochs of a training (as Keras's callbacks and Lightning's
 * hooks do), so that the epoch itself stays forward → loss → backward → optimiser step: a
 * learning-rate schedule (schedules.ts) is one. training.ts calls them.
 */
export interface EpochHook {
  /** Before the first batch of `epoch` (1-based, counted across continued trainings). */
  beforeEpoch?(epoch: number): void;
  /** After the epoch's validation, with the loss early stopping watches (validation, else training). */
  afterEpoch?(monitored: number): void;
}
