/** esbuild bundles .csv files as their text (build.mjs: loader text). */
declare module '*.csv' {
  const text: string;
  export default text;
}
