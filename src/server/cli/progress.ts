/** A one-line progress bar on stderr: bar, percent, count, rate and time left. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDraw = 0;
  const width = 30;
  return {
    update(done: number, total: number) {
      const t = Date.now();
      if (done < total && t - lastDraw < 100) return;
      lastDraw = t;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(ratio * width);
      const rate = done / Math.max(0.001, (t - started) / 1000);
      const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      const line = `${label} [${bar}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} ${rate.toFixed(0)}/s ETA ${left.toFixed(0)}s`;
      stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
      if (done >= total && stream.isTTY) stream.write('\n');
    },
  };
}
