import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { ProgressBar } from '../../src/cli/progressBar';

/** A terminal (or not) that keeps what is written to it. */
function terminal(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; text(): string };
  stream.isTTY = isTTY;
  stream.columns = 200;
  stream.text = () => chunks.join('');
  return stream;
}

test('index phases and downloads draw one bar on a terminal, and it is cleared at the end', () => {
  const tty = terminal(true);
  const bar = new ProgressBar(tty);
  bar.phase('embed', 6, 12);
  assert.match(tty.text(), /embed {4}\[#{12}-{12}\] 6\/12/);
  bar.clear();
  bar.download({ modelId: 'a/b', file: 'onnx/model_int8.onnx', fileIndex: 0, fileCount: 2, doneBytes: 150e6, totalBytes: 150e6, bytesPerSecond: 5e6, etaSeconds: 0 });
  assert.match(tty.text(), /\[#{24}\] 150\.0 MB\/150\.0 MB 5\.0 MB\/s ETA 0:00 onnx\/model_int8\.onnx \(1\/2\)/);
  bar.clear();
});

test('nothing is drawn when stderr is not a terminal (a pipe, a log file)', () => {
  const pipe = terminal(false);
  const bar = new ProgressBar(pipe);
  bar.phase('chunk', 1, 2);
  bar.clear();
  assert.equal(pipe.text(), '');
});
