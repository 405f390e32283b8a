import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DownloadProgress } from '../../src/core/models/modelDownload';
import { downloadMessage, DownloadProgressSteps, percentDone, type ProgressStep } from '../../src/extension/models/downloadProgress';

const progress = (over: Partial<DownloadProgress>): DownloadProgress => ({
  modelId: 'o/m',
  file: 'onnx/model_int8.onnx',
  fileIndex: 7,
  fileCount: 8,
  doneBytes: 42_100_000,
  totalBytes: 150_000_000,
  bytesPerSecond: 5_200_000,
  etaSeconds: 20.7,
  ...over,
});

test('the notification message gives bytes, rate, time left and the file', () => {
  assert.equal(downloadMessage(progress({})), '42.1 MB of 150.0 MB · 5.2 MB/s · 0:21 left · onnx/model_int8.onnx (8/8)');
  assert.equal(downloadMessage(progress({ bytesPerSecond: 0, etaSeconds: undefined, fileCount: 1, fileIndex: 0, file: 'config.json' })), '42.1 MB of 150.0 MB · config.json');
  assert.doesNotMatch(downloadMessage(progress({ doneBytes: 150_000_000, etaSeconds: 0 })), /left/);
});

test('percent done is bounded and safe for an empty download', () => {
  assert.equal(percentDone({ doneBytes: 75, totalBytes: 150 }), 50);
  assert.equal(percentDone({ doneBytes: 200, totalBytes: 150 }), 100);
  assert.equal(percentDone({ doneBytes: 0, totalBytes: 0 }), 0);
});

test('progress steps are throttled, add up to 100 and always report the end', () => {
  let now = 0;
  const steps: ProgressStep[] = [];
  const s = new DownloadProgressSteps((step) => steps.push(step), () => now, 250);
  s.push(progress({ doneBytes: 15_000_000 }));
  now = 100;
  s.push(progress({ doneBytes: 30_000_000 })); // within 250 ms: dropped
  now = 300;
  s.push(progress({ doneBytes: 75_000_000 }));
  now = 310;
  s.push(progress({ doneBytes: 60_000_000 })); // a restarted file takes bytes back: never a negative increment
  now = 320;
  s.push(progress({ doneBytes: 150_000_000, etaSeconds: 0 })); // the end: reported despite the throttle
  assert.deepEqual(steps.map((x) => Math.round(x.increment)), [10, 40, 50]);
  assert.equal(Math.round(steps.reduce((sum, x) => sum + x.increment, 0)), 100);
  assert.match(steps[2]!.message, /^150\.0 MB of 150\.0 MB/);
});
