/**
 * What a file that one reader refuses is instead, when its first bytes say so beyond doubt, so that
 * the error names it and the reader that takes it: a FANN network handed to the model reader, a
 * bpnn model handed to an importer, a FANN training file handed to the network importer. Used only
 * to word errors; a file none of these recognise gets the reader's own error.
 */

/** The files bpnn reads or writes that a user may hand to the wrong reader. */
export type FileKind = 'bpnn' | 'bpnn-json' | 'fann-net' | 'fann-data' | 'brainjs' | 'onnx';

const KINDS: Record<FileKind, { what: string; read: string }> = {
  bpnn: { what: 'a bpnn model file (.bpnn)', read: 'Read it with readModel (bpnn predict, export and inspect take it as it is).' },
  'bpnn-json': { what: 'the JSON form of a bpnn model', read: 'Read it with readModelJson (bpnn predict, export and inspect take it as it is).' },
  'fann-net': { what: 'a FANN network (.net)', read: 'Import it first: importFannNet, or bpnn import FILE -o MODEL.bpnn.' },
  'fann-data': { what: 'a FANN training data file (.data)', read: 'Train on it (readFannData, bpnn train FILE.data), or import the FANN network (.net) trained on it.' },
  brainjs: { what: 'a brain.js network (NeuralNetwork#toJSON())', read: 'Import it first: importBrainJs, or bpnn import FILE --from brainjs -o MODEL.bpnn.' },
  onnx: { what: 'an ONNX model', read: 'bpnn writes ONNX (exportOnnx) but does not read it: open the .bpnn or .json file it was exported from.' },
};

/**
 * For a reader of `accepted` files: what the input is instead (`a FANN network (.net)`) and the
 * sentence that says how to read it, or undefined when it is not recognisably another kind.
 */
export function otherKind(input: string | Uint8Array, accepted: FileKind, parsed?: unknown): { what: string; read: string } | undefined {
  const kind = fileKind(input, parsed);
  return kind === undefined || kind === accepted ? undefined : KINDS[kind];
}

/** The kind of a file from its first bytes (or, for JSON, its parsed value), or undefined. */
export function fileKind(input: string | Uint8Array, parsed?: unknown): FileKind | undefined {
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const value = parsed as Record<string, unknown>;
    if (value.format === 'bpnn') return 'bpnn-json';
    if (Array.isArray(value.sizes) && Array.isArray(value.layers)) return 'brainjs';
  }
  const bytes = typeof input === 'string' ? undefined : input;
  const head = typeof input === 'string' ? input.slice(0, 4096) : new TextDecoder().decode(input.subarray(0, 4096));
  // first: a .bpnn file's header length may begin with the bytes an ONNX file begins with
  if (bytes !== undefined && bytes.length > 8 && bytes[8] === 0x7b && head.slice(8).startsWith('{"__metadata__":{"format":"bpnn"')) return 'bpnn';
  if (bytes !== undefined && bytes.length >= 10 && bytes[0] === 0x08 && bytes[1] >= 3 && bytes[1] <= 12 && [0x12, 0x1a, 0x3a].includes(bytes[2])) return 'onnx'; // ir_version, then producer_name, producer_version or graph
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('FANN_FLO_') || text.startsWith('FANN_FIX_')) return 'fann-net';
  if (/^\d+[ \t]+\d+[ \t]+\d+[ \t]*\r?\n/.test(text)) return 'fann-data';
  if (text.startsWith('{') && /^\{\s*"format"\s*:\s*"bpnn"/.test(text)) return 'bpnn-json';
  if (/^\{\s*"type"\s*:\s*"NeuralNetwork"/.test(text) || /^\{\s*"sizes"\s*:\s*\[/.test(text)) return 'brainjs';
  return undefined;
}
