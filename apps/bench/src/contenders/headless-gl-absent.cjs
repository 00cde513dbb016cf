// Stands in for the `gl` package (headless WebGL) in the benchmark's bundle. gpu.js, which
// brain.js 2 requires on load, requires `gl` at the top of its headless-gl backend; `gl` is a
// native addon whose build needs downloads this machine cannot make (pnpm-workspace.yaml:
// allowBuilds gl: false), so the real package fails to load. gpu.js calls `gl` only if it is a
// function; this is not, so gpu.js reports headless WebGL as unsupported. brain.js's
// NeuralNetwork (the CPU one the benchmark times) never uses gpu.js.
module.exports = {};
