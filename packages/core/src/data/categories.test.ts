import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../errors.js';
import { Model } from '../model/model.js';
import { Network } from '../network/network.js';
import { categoryIndex, checkCategorical, rawInputNames, sortCategories } from './categories.js';

const island = { name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] };
const names = ['bill', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'mass'];

/**
 * A 5-1 linear regressor worked by hand: y = 1·bill + 10·[Biscoe] + 20·[Dream] + 30·[Torgersen]
 * + 0.5·mass + 2, with no scaling, so each record's output can be written down.
 */
function handModel(): Model {
  const network = Network.fromParameters({ layers: [5, 1], activations: ['linear'], loss: 'mse', dtype: 'float64' }, [1, 10, 20, 30, 0.5, 2]);
  return new Model({
    task: 'regression', network, inputNames: names, targetNames: ['y'], categorical: [island],
    inputScaler: { kind: 'none', offset: [0, 0, 0, 0, 0], scale: [1, 1, 1, 1, 1] }, targetScaler: { kind: 'none', offset: [0], scale: [1] },
  });
}

describe('categorical input columns', () => {
  it('sort categories by value when all are numbers, else by code unit, whatever the rows\' order', () => {
    expect(sortCategories(['Dream', 'Biscoe', 'Torgersen', 'Dream'])).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(sortCategories(['10', '9', '2.5'])).toEqual(['2.5', '9', '10']);
    expect(sortCategories(['b', 'B', '1'])).toEqual(['1', 'B', 'b']);
  });

  it('give the raw columns back in order, and check that the 0/1 columns stand together under their names', () => {
    expect(rawInputNames(names, [island])).toEqual(['bill', 'island', 'mass']);
    expect(checkCategorical(names, [island])).toEqual([island]);
    expect(() => checkCategorical(['island=Dream', 'bill', 'island=Biscoe'], [{ name: 'island', categories: ['Dream', 'Biscoe'] }])).toThrow(
      new ConfigError('categorical[0]', 'must name its 0/1 input columns: "island=Dream", "island=Biscoe" next to each other among the input names'),
    );
    expect(() => checkCategorical(names, [{ name: 'island', categories: [] }])).toThrow(/categorical\[0\]\.categories must be a list of at least one category/);
    expect(() => checkCategorical(names, [island, island])).toThrow(/names the column "island" a second time/);
  });

  it('encode records as the hand-worked model reads them, and name an unknown category', () => {
    const model = handModel();
    expect(model.inputColumns).toEqual(['bill', 'island', 'mass']);
    const x = model.inputsFromRecords([{ bill: 40, island: 'Dream', mass: 4 }, { island: 'Torgersen', mass: 2, bill: 1 }]);
    expect(Array.from(x.data)).toEqual([40, 0, 1, 0, 4, 1, 0, 0, 1, 2]);
    // 40 + 20 + 2 + 2 = 64; 1 + 30 + 1 + 2 = 34
    expect(Array.from(model.outputs(x).data)).toEqual([64, 34]);
    expect(() => model.inputsFromRecords([{ bill: 1, island: 'Java', mass: 1 }])).toThrow(
      new DataError('row 0 column "island": "Java" is not a category of "island" the model knows ("Biscoe", "Dream", "Torgersen")'),
    );
    expect(() => model.inputsFromRecords([{ bill: 1, mass: 1 }])).toThrow('row 0 is missing column "island"');
    expect(() => model.inputsFromRecords([{ bill: 1, 'island=Dream': 1, island: 'Dream', mass: 1 }])).toThrow('row 0 has columns the model does not know: "island=Dream"');
    expect(categoryIndex({ name: 'grade', categories: ['1', '2'] }, 2, 'here')).toBe(1);
  });

  it('are kept by a model trained on a data set that names them, and through its JSON form', () => {
    // Two groups told apart only by the category: y = 3 in group "a", −3 in group "b".
    const inputs: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < 40; i++) {
      const a = i % 2 === 0;
      inputs.push([a ? 1 : 0, a ? 0 : 1, (i % 5) / 5]);
      targets.push(a ? 3 : -3);
    }
    const data = { inputNames: ['g=a', 'g=b', 'noise'], inputs, targetNames: ['y'], targets, categorical: [{ name: 'g', categories: ['a', 'b'] }] };
    const { model } = Model.train(data, { task: 'regression', hidden: [4], epochs: 300, seed: 1 });
    expect(model.categorical).toEqual(data.categorical);
    const back = Model.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(back.categorical).toEqual(data.categorical);
    const y = back.outputs(back.inputsFromRecords([{ g: 'a', noise: 0.2 }, { g: 'b', noise: 0.2 }])).data;
    expect(y[0]).toBeCloseTo(3, 0);
    expect(y[1]).toBeCloseTo(-3, 0);
    const json = JSON.parse(JSON.stringify(model));
    json.model.categorical = [{ name: 'g', categories: ['a', 'c'] }];
    expect(() => Model.fromJSON(json, { source: 'm.json' })).toThrow(/^m\.json: model\.categorical\[0\] must name its 0\/1 input columns: "g=a", "g=c" next to each other/);
  });
});
