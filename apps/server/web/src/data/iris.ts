/** The iris data set (data/iris.csv, 150 rows), bundled into the page as text by esbuild. */
import text from '../../../../../data/iris.csv';

export const IRIS = { name: 'iris.csv', text, target: 'species' };
