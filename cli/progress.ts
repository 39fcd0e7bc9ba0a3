/** The progress bar of long commands (reading thousands of obligations, launching them). */

export interface ProgressIo {
  stderr: (text: string) => void;
  /** A person watches a terminal: only then is the bar drawn (never in pipes, files or tests by default). */
  isTTY?: boolean;
}

/** `12/193 ███████░░░░░` on stderr, redrawn in place, only on a terminal; a line break when done. */
export function progressBar(io: ProgressIo, label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (!io.isTTY || total === 0) return;
    const width = 30;
    const filled = Math.round((Math.min(done, total) / total) * width);
    io.stderr(`\r${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total}${done >= total ? '\n' : ''}`);
  };
}
