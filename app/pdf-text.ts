/**
 * Prints the text layer of a PDF read from standard input, as JSON ({ text, pages } or { error }).
 * Run by app/notice-import.ts as a child Node process: pdfjs (inside pdf-parse) loads its worker
 * with a dynamic import, which a test runner's module sandbox refuses, and a malformed or huge PDF
 * should not take the web server's process down with it.
 */
import { PDFParse } from 'pdf-parse';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  } finally {
    await parser.destroy();
  }
}

void main();
