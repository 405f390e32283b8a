import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoDeviceOrder, briefReason, defaultThreads, deviceHint, isDeviceRequest } from '../../src/core/embed/devices';

test("'auto' tries the platform's GPU providers, then the CPU", () => {
  assert.deepEqual(autoDeviceOrder('linux', 'x64'), ['cuda', 'webgpu', 'cpu']);
  assert.deepEqual(autoDeviceOrder('win32', 'x64'), ['dml', 'webgpu', 'cpu']);
  assert.deepEqual(autoDeviceOrder('darwin', 'arm64'), ['coreml', 'webgpu', 'cpu']);
  assert.deepEqual(autoDeviceOrder('freebsd', 'x64'), ['cpu']);
});

test('the CPU default leaves a core to the editor', () => {
  assert.equal(defaultThreads(8), 7);
  assert.equal(defaultThreads(1), 1);
});

test('device names are validated and every device has advice', () => {
  assert.ok(isDeviceRequest('cuda'));
  assert.ok(!isDeviceRequest('gpu'));
  assert.match(deviceHint('cuda'), /--device cpu/);
});

test('a fallback reason is logged as one short line: the first line, cut', () => {
  const dump = `Failed to create a WebGPU adapter: no Vulkan ICD found\n${'  at frame\n'.repeat(40)}`;
  assert.equal(briefReason(dump), 'Failed to create a WebGPU adapter: no Vulkan ICD found …');
  assert.equal(briefReason('libcudart.so.12 not found'), 'libcudart.so.12 not found');
  const long = briefReason('x'.repeat(500));
  assert.equal(long.length, 200);
  assert.ok(long.endsWith('…'));
});
