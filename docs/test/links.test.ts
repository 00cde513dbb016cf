/**
 * Every relative link in the workspace's Markdown (READMEs, CHANGELOG, the benchmark's record) leads
 * somewhere: its file exists, and its #anchor is a heading of that file, slugged as GitHub slugs
 * them. Sections move between files (the benchmark's record left the root README); this catches
 * the links they leave behind.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage']);

/** The Markdown files below `folder`, outside dependencies and build output. */
function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/**
 * The text outside fenced code blocks, where links and headings are Markdown: inline code left
 * out (a link in it is not one), or, for headings, kept as its text (GitHub's anchor of
 * "The model file (`.bpnn`)" is the-model-file-bpnn).
 */
function prose(text: string, inlineCode: 'drop' | 'text' = 'drop'): string[] {
  let fenced = false;
  return text.split('\n').flatMap((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [line.replace(/`([^`]*)`/g, inlineCode === 'drop' ? '' : '$1')];
  });
}

/** GitHub's anchor for a heading: lower case, punctuation but - and _ dropped, spaces to -. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (a repeated one gets -1, -2, … as on GitHub). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text, 'text')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = slug(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The relative links of `file` that lead nowhere, as `file: link (why)`, and how many were checked. */
export function brokenLinks(file: string, text = readFileSync(file, 'utf8')): { broken: string[]; checked: number } {
  const broken: string[] = [];
  let checked = 0;
  for (const line of prose(text)) {
    for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const link = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:, …
      checked++;
      const [path, anchor] = link.split('#', 2);
      const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const where = `${relative(ROOT, file)}: ${link}`;
      if (!existsSync(target)) broken.push(`${where} (no such file)`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchors(target === file ? text : readFileSync(target, 'utf8')).has(anchor)) broken.push(`${where} (no such heading)`);
    }
  }
  return { broken, checked };
}

describe('links in the Markdown files', () => {
  it('slugs headings as GitHub does', () => {
    expect(slug('The two builds of the kernels: plain SIMD and FMA')).toBe('the-two-builds-of-the-kernels-plain-simd-and-fma');
    expect(slug('Reading a large CSV (issue 15)')).toBe('reading-a-large-csv-issue-15');
    expect(slug('Interchange: FANN, brain.js, ONNX, JavaScript')).toBe('interchange-fann-brainjs-onnx-javascript');
    expect(slug('L1 beside L2')).toBe('l1-beside-l2');
    expect(anchors('## The model file (`.bpnn`)\n')).toEqual(new Set(['the-model-file-bpnn']));
  });

  it('finds a link to a missing file or heading, and not one inside code', () => {
    const file = join(ROOT, 'README.md');
    const text = '# Top\n\n## Two words\n\n[a](#two-words) [b](#three-words) [c](no-such-file.md) [d](README.md#top)\n\n`[e](#inline)`\n\n```\n[f](#fenced)\n```\n';
    const { broken, checked } = brokenLinks(file, text);
    expect(checked).toBe(4);
    expect(broken).toEqual(['README.md: #three-words (no such heading)', 'README.md: no-such-file.md (no such file)']);
  });

  it('every relative link of every Markdown file leads to a file and heading that exist', () => {
    const files = markdownFiles(ROOT);
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'packages/core/README.md', 'apps/bench/README.md']));
    const results = files.map((file) => brokenLinks(file));
    expect(results.reduce((sum, r) => sum + r.checked, 0)).toBeGreaterThan(50);
    expect(results.flatMap((r) => r.broken)).toEqual([]);
  });
});
