/** A one-line progress bar on a TTY; plain lines otherwise (CI logs, pipes). */
export class ProgressBar {
  private lastLine = '';

  constructor(
    private readonly title: string,
    private readonly width = 30,
  ) {}

  update(done: number, total: number, label: string): void {
    const filled = Math.round((done / Math.max(total, 1)) * this.width);
    const line = `${this.title} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${done}/${total} ${label}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line.padEnd(this.lastLine.length)}`);
    } else if (done === total || done % 10 === 0) {
      process.stdout.write(`${line}\n`);
    }
    this.lastLine = line;
  }

  finish(summary: string): void {
    process.stdout.write(`${process.stdout.isTTY ? '\n' : ''}${this.title}: ${summary}\n`);
  }
}
