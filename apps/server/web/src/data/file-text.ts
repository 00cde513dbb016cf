/**
 * A picked or dropped file's text, decoded as the server reads a job's CSV: UTF-8 (a byte-order
 * mark dropped), or UTF-16 where the file starts with its byte-order mark. Bytes that are not UTF-8
 * (a CSV saved by Excel on Windows, in Windows-1252 or Latin-1) are an error naming the first line
 * that has one: File.text() would put U+FFFD in place of each byte, and a column named
 * "Température" would train as "Temp�rature". A file with control characters is returned as
 * text all the same, for the caller's check of binary files to name it.
 */
export async function fileText(file: Blob & { name: string }): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    if (BINARY.test(text.slice(0, 4096))) return text;
    const bad = text.indexOf('\ufffd');
    const line = text.slice(0, Math.max(bad, 0)).split('\n').length;
    throw new Error(`${file.name}: line ${line} is not UTF-8 text (the file may be in Windows-1252 or Latin-1, as Excel saves "CSV" in many languages): save it as "CSV UTF-8", or convert it (iconv -f WINDOWS-1252 -t UTF-8)`);
  }
}

/** A NUL or another control character but tab, line feed, vertical tab, form feed and carriage return: not text. */
export const BINARY = /[\u0000-\u0008\u000e-\u001f]/;
