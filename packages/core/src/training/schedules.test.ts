import { describe, expect, it } from 'vitest';
import { fit } from './train.js';
import { ConfigError } from '../errors.js';
import { Network } from '../network/network.js';
import { optimizer } from '../optimizers/optimizer.js';
import { LearningRateSchedule, type ScheduleSpec } from './schedules.js';

/**
 * PyTorch 1.13's sequences, computed once (η₀ 0.1; the rate each epoch trains with):
 *   def run(make, metrics=None, n=12):
 *       p = torch.zeros(1, requires_grad=True); opt = torch.optim.SGD([p], lr=0.1); s = make(opt); out = []
 *       for e in range(n):
 *           out.append(opt.param_groups[0]['lr']); opt.step()
 *           s.step() if metrics is None else s.step(metrics[e])
 *       print(out)
 *   run(lambda o: StepLR(o, step_size=3, gamma=0.5))
 *   run(lambda o: ExponentialLR(o, gamma=0.9))
 *   run(lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.001))
 *   run(lambda o: ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=0.02), metrics=PLATEAU_LOSSES, n=20)
 */
const PLATEAU_LOSSES = [1, 0.995, 0.98, 0.99, 0.985, 0.975, 0.97, 0.97, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
const PYTORCH: [ScheduleSpec, number[]][] = [
  [{ name: 'step', every: 3, factor: 0.5 }, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125]],
  [
    { name: 'exponential', factor: 0.9 },
    [0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002, 0.03138105960900001],
  ],
  [
    { name: 'cosine', epochs: 10, minRate: 0.001 },
    [0.1, 0.09757729755661011, 0.0905463412215599, 0.07959536998847742, 0.0657963412215599, 0.0505, 0.03520365877844011, 0.02140463001152259, 0.010453658778440109, 0.0034227024433899004, 0.001, 0.0034227024433899004],
  ],
  [
    { name: 'reduce-on-plateau', factor: 0.5, patience: 2, threshold: 0.01, cooldown: 1, minRate: 0.02 },
    [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02],
  ],
];

describe('learning-rate schedules', () => {
  it.each(PYTORCH)('%j gives PyTorch’s sequence', (spec, expected) => {
    for (const name of ['sgd', 'adam'] as const) {
      const opt = optimizer({ name, learningRate: 0.1 });
      const schedule = LearningRateSchedule.of(spec, opt, 100);
      const rates = expected.map((_, e) => {
        schedule.beforeEpoch(e + 1);
        const rate = opt.learningRate!;
        schedule.afterEpoch(PLATEAU_LOSSES[e]);
        return rate;
      });
      rates.forEach((rate, e) => expect(rate).toBeCloseTo(expected[e], 15));
    }
  });

  it('changes the rate fit trains with: 3 epochs of a step schedule are 3 one-epoch fits at those rates', () => {
    const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const targets = [[0], [1], [1], [0]];
    const options = { batchSize: 4, shuffle: false } as const;
    const scheduled = new Network({ layers: [2, 3, 1], seed: 5 });
    fit(scheduled, inputs, targets, { ...options, epochs: 3, optimizer: { name: 'sgd', learningRate: 0.8 }, schedule: { name: 'step', every: 1, factor: 0.5 } });
    const byHand = new Network({ layers: [2, 3, 1], seed: 5 });
    for (const learningRate of [0.8, 0.4, 0.2]) fit(byHand, inputs, targets, { ...options, epochs: 1, optimizer: { name: 'sgd', learningRate } });
    expect(Array.from(scheduled.params)).toEqual(Array.from(byHand.params));
    // Online, through the step compiled for a small network (it takes plain SGD's step itself).
    const online = new Network({ layers: [2, 3, 1], seed: 5 });
    fit(online, inputs, targets, { batchSize: 1, shuffle: false, epochs: 2, optimizer: { name: 'sgd', learningRate: 0.8 }, schedule: { name: 'exponential', factor: 0.25 } });
    const onlineByHand = new Network({ layers: [2, 3, 1], seed: 5 });
    for (const learningRate of [0.8, 0.2]) fit(onlineByHand, inputs, targets, { batchSize: 1, shuffle: false, epochs: 1, optimizer: { name: 'sgd', learningRate } });
    expect(Array.from(online.params)).toEqual(Array.from(onlineByHand.params));
    const unscheduled = new Network({ layers: [2, 3, 1], seed: 5 });
    fit(unscheduled, inputs, targets, { ...options, epochs: 3, optimizer: { name: 'sgd', learningRate: 0.8 } });
    expect(Array.from(unscheduled.params)).not.toEqual(Array.from(byHand.params));
  });

  it('refuses rprop, which has no learning rate, and bad settings, naming the field', () => {
    const network = new Network({ layers: [1, 1] });
    const training = (options: object) => () => fit(network, [[0]], [[0]], { epochs: 1, ...options });
    expect(training({ optimizer: 'rprop', schedule: { name: 'exponential', factor: 0.9 } })).toThrow(
      'schedule does not apply to rprop, which has no learning rate (it adapts a step per weight); use sgd or adam',
    );
    expect(training({ schedule: { name: 'step' } })).toThrow("schedule.every is missing: the step schedule needs it ({ name: 'step', every: 10, factor: 0.5 })");
    expect(training({ schedule: { name: 'exponential' } })).toThrow(ConfigError);
    expect(training({ schedule: { name: 'step', every: 0 } })).toThrow(/schedule\.every/);
    expect(training({ schedule: { name: 'exponential', factor: 1.5 } })).toThrow(/schedule\.factor/);
    expect(training({ schedule: { name: 'cosine', period: 3 } })).toThrow(/schedule\.period is not an option of the cosine schedule/);
    expect(training({ schedule: { name: 'linear' } })).toThrow('schedule.name must be one of step, exponential, cosine, reduce-on-plateau, got "linear"');
    expect(training({ schedule: 'step' })).toThrow(/^schedule must be an object such as/);
  });
});
