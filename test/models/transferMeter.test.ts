import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatDuration, TransferMeter } from '../../src/core/models/transferMeter';
import { describeDownload } from '../../src/cli/progressBar';

test('rate and time left come from the recent samples; resumed bytes count as done, not as speed', () => {
  let now = 0;
  const meter = new TransferMeter(10_000_000, () => now);
  meter.skip(4_000_000);
  assert.deepEqual(meter.snapshot(), { doneBytes: 4_000_000, totalBytes: 10_000_000, bytesPerSecond: 0, etaSeconds: undefined });
  meter.add(1_000_000);
  now = 1000;
  meter.add(1_000_000);
  now = 2000;
  meter.add(1_000_000);
  const s = meter.snapshot();
  assert.equal(s.doneBytes, 7_000_000);
  assert.equal(s.bytesPerSecond, 1_000_000);
  assert.equal(s.etaSeconds, 3);
  now = 9000;
  meter.add(3_000_000);
  assert.equal(meter.snapshot().etaSeconds, 0);
  assert.equal(meter.snapshot().bytesPerSecond, 3_000_000 / 7, 'samples older than the window are dropped');
});

test('sizes and durations read like the Hub and a clock', () => {
  assert.deepEqual([formatBytes(512), formatBytes(312_400), formatBytes(150_000_000), formatBytes(1_580_000_000)], ['512 B', '312 kB', '150.0 MB', '1.58 GB']);
  assert.deepEqual([formatDuration(7), formatDuration(750), formatDuration(3723)], ['0:07', '12:30', '1:02:03']);
  const line = describeDownload({ modelId: 'a/b', file: 'onnx/model_int8.onnx', fileIndex: 7, fileCount: 8, doneBytes: 75e6, totalBytes: 150e6, bytesPerSecond: 5e6, etaSeconds: 15 });
  assert.equal(line, '75.0 MB/150.0 MB 5.0 MB/s ETA 0:15 onnx/model_int8.onnx (8/8)');
});
