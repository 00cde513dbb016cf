/** CSV files imported as text; esbuild embeds them into the bundle (build.mjs). */
declare module '*.csv' {
  const text: string;
  export default text;
}
