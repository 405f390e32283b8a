import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeloupeError } from '../../src/core/errors';
import { partialPath } from '../../src/core/models/fileDownload';
import { downloadModel, type DownloadModelOptions, type DownloadProgress } from '../../src/core/models/modelDownload';
import { TEST_MODEL_DIR } from '../embed/helpers/modelCopy';
import { tempDir } from '../helpers/tempDir';
import { closedPort, filesOf, HubServer } from './helpers/hubServer';

const ID = 'codeloupe/test-model';
const INT8 = 'onnx/model_int8.onnx';
const onnxBytes = readFileSync(path.join(TEST_MODEL_DIR, 'onnx', 'model.onnx'));

async function hub(t: TestContext): Promise<HubServer> {
  // The test model has one fp32 export; it is also served under the int8 name so precision choice shows.
  const server = await HubServer.start({ id: ID, files: filesOf(TEST_MODEL_DIR, { [INT8]: 'onnx/model.onnx' }) });
  t.after(() => server.close());
  return server;
}

function options(server: HubServer, dir: string, extra: Partial<DownloadModelOptions> = {}): DownloadModelOptions {
  return { id: ID, dir, precision: 'int8', endpoint: server.endpoint, proxy: false, retryDelayMs: 0, ...extra };
}

function isError(code: string, ...mentions: (string | RegExp)[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof CodeloupeError, String(err));
    assert.equal(err.code, code, err.describe());
    for (const m of mentions) assert.match(err.describe(), typeof m === 'string' ? new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : m);
    return true;
  };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test('downloads the files the model needs, with the precision’s ONNX export, and reports bytes to the end', async (t) => {
  const server = await hub(t);
  const dir = path.join(tempDir(t), 'model');
  const progress: DownloadProgress[] = [];
  const result = await downloadModel(options(server, dir, { onProgress: (p) => progress.push(p) }));

  assert.equal(result.onnxFile, INT8);
  assert.equal(result.precision, 'int8');
  assert.deepEqual(result.files.map((f) => f.path), [
    'config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'modules.json', '1_Pooling/config.json', 'config_sentence_transformers.json', INT8,
  ]);
  assert.ok(result.files.every((f) => f.outcome === 'downloaded'));
  assert.equal(existsSync(path.join(dir, 'onnx', 'model.onnx')), false, 'the fp32 export is not fetched for int8');
  assert.equal(existsSync(path.join(dir, 'README.md')), false);
  assert.equal(sha256(path.join(dir, INT8)), createHash('sha256').update(onnxBytes).digest('hex'));
  assert.equal(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'), readFileSync(path.join(TEST_MODEL_DIR, 'tokenizer.json'), 'utf8'));

  const info = await resolveModel(dir, { precision: 'int8' });
  assert.equal(info.onnxPath, path.join(dir, 'onnx', 'model_int8.onnx'));
  assert.equal(info.dimension, 64);

  const total = result.files.reduce((n, f) => n + f.size, 0);
  const last = progress[progress.length - 1]!;
  assert.equal(last.totalBytes, total);
  assert.equal(last.doneBytes, total);
  assert.equal(last.etaSeconds, 0);
  assert.ok(progress.every((p, i) => i === 0 || p.doneBytes >= progress[i - 1]!.doneBytes), 'progress never goes back');
  assert.equal(last.fileCount, 8);
});

test('files already in place are not fetched again', async (t) => {
  const server = await hub(t);
  const dir = path.join(tempDir(t), 'model');
  await downloadModel(options(server, dir));
  server.requests.length = 0;
  const again = await downloadModel(options(server, dir));
  assert.ok(again.files.every((f) => f.outcome === 'present'));
  assert.deepEqual(server.requests.map((r) => r.method), ['POST']);
});

test('fp16 and an explicit ONNX file pick their exports; a precision the repository lacks falls back to the nearest', async (t) => {
  const server = await hub(t);
  const fp16 = await downloadModel(options(server, path.join(tempDir(t), 'a'), { precision: 'fp16' }));
  assert.equal(fp16.onnxFile, 'onnx/model.onnx', 'no fp16 export here: fp32 is nearest');
  const named = await downloadModel(options(server, path.join(tempDir(t), 'b'), { onnx: 'model.onnx' }));
  assert.equal(named.onnxFile, 'onnx/model.onnx');
});

test('a transfer that breaks off is resumed with a Range request by the next run', async (t) => {
  const server = await hub(t);
  const dir = path.join(tempDir(t), 'model');
  server.dropOnce = { path: INT8, afterBytes: 400_000 };
  await assert.rejects(downloadModel(options(server, dir, { retries: 0 })), isError('E_DOWNLOAD_FAILED', INT8, /run the same command again/i));
  const dest = path.join(dir, INT8);
  assert.equal(existsSync(dest), false, 'nothing incomplete is placed');
  const kept = statSync(partialPath(dest)).size;
  assert.ok(kept > 0 && kept < onnxBytes.length, `partial file holds ${kept} bytes`);

  const requests: { file: string; range: string | undefined; status: number }[] = [];
  const result = await downloadModel(options(server, dir, { retries: 0, onRequest: (r) => requests.push(r) }));
  assert.deepEqual(requests, [{ file: INT8, range: `bytes=${kept}-`, status: 206 }], 'only the ONNX file is requested, from where it stopped');
  assert.equal(result.files.find((f) => f.path === INT8)!.outcome, 'downloaded');
  assert.deepEqual(readFileSync(dest), onnxBytes);
  assert.equal(existsSync(partialPath(dest)), false);
});

test('within one run, a broken transfer is retried from where it stopped', async (t) => {
  const server = await hub(t);
  const dir = path.join(tempDir(t), 'model');
  server.dropOnce = { path: INT8, afterBytes: 300_000 };
  server.requests.length = 0;
  await downloadModel(options(server, dir, { retries: 1 }));
  // The retry is undici's (RetryAgent), inside one fetch: the server's log shows both requests.
  const onnxRequests = server.requests.filter((r) => r.method === 'GET' && r.url.endsWith(INT8));
  assert.equal(onnxRequests.length, 2);
  assert.equal(onnxRequests[0]!.range, undefined);
  assert.match(onnxRequests[1]!.range ?? '', /^bytes=[1-9]\d*-/);
  assert.deepEqual(readFileSync(path.join(dir, INT8)), onnxBytes);
});

test('a file whose hash does not match is rejected and nothing is placed', async (t) => {
  const server = await hub(t);
  const dir = path.join(tempDir(t), 'model');
  server.corrupt = INT8;
  await assert.rejects(downloadModel(options(server, dir)), isError('E_DOWNLOAD_CORRUPT', INT8, 'sha256', 'nothing was installed'));
  assert.equal(existsSync(path.join(dir, INT8)), false);
  assert.equal(existsSync(partialPath(path.join(dir, INT8))), false, 'the bad bytes are deleted, so the next run starts afresh');
  server.corrupt = undefined;
  await downloadModel(options(server, dir));
  assert.deepEqual(readFileSync(path.join(dir, INT8)), onnxBytes);
});

test('a small (non-LFS) file is checked against its git blob id', async (t) => {
  const server = await hub(t);
  server.corrupt = 'tokenizer.json';
  await assert.rejects(downloadModel(options(server, path.join(tempDir(t), 'model'))), isError('E_DOWNLOAD_CORRUPT', 'tokenizer.json', 'git-sha1'));
});

test('an unreachable endpoint is E_DOWNLOAD_FAILED naming the URL and the cause', async (t) => {
  const port = await closedPort();
  const endpoint = `http://127.0.0.1:${port}`;
  await assert.rejects(
    downloadModel({ id: ID, dir: path.join(tempDir(t), 'model'), precision: 'int8', endpoint, proxy: false }),
    isError('E_DOWNLOAD_FAILED', `${endpoint}/api/models/${ID}/paths-info/main`, 'ECONNREFUSED'),
  );
});

test('an unknown repository is a 404 that says to check the id; one without ONNX files says what is missing', async (t) => {
  const server = await hub(t);
  await assert.rejects(downloadModel(options(server, path.join(tempDir(t), 'a'), { id: 'nobody/nothing' })), isError('E_DOWNLOAD_FAILED', '404', 'nobody/nothing'));
  const bare = await HubServer.start({ id: ID, files: new Map([['config.json', Buffer.from('{}')], ['tokenizer.json', Buffer.from('{}')]]) });
  t.after(() => bare.close());
  await assert.rejects(downloadModel(options(bare, path.join(tempDir(t), 'b'))), isError('E_MODEL_INVALID', 'onnx/model_int8.onnx', '--model DIR'));
});

test('cancelling stops the download and keeps the partial file for a resume', async (t) => {
  const server = await hub(t);
  const dir = path.join(tempDir(t), 'model');
  const source = new CancellationSource();
  const run = downloadModel(options(server, dir, { token: source.token, onProgress: (p) => p.file === INT8 && p.doneBytes > 0 && source.cancel() }));
  await assert.rejects(run, isError('E_CANCELLED'));
  assert.equal(existsSync(path.join(dir, INT8)), false);
});

test('downloads go through the proxy given, or the one in HTTP_PROXY', async (t) => {
  const server = await hub(t);
  const tunnels: string[] = [];
  const proxy = createServer();
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    proxy.closeAllConnections();
    proxy.close();
  });
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const host = new URL(server.endpoint).host;

  await downloadModel(options(server, path.join(tempDir(t), 'a'), { proxy: proxyUrl }));
  assert.ok(tunnels.length > 0 && tunnels.every((h) => h === host), `tunnels: ${tunnels.join(', ')}`);

  tunnels.length = 0;
  const saved = { HTTP_PROXY: process.env['HTTP_PROXY'], NO_PROXY: process.env['NO_PROXY'] };
  process.env['HTTP_PROXY'] = proxyUrl;
  delete process.env['NO_PROXY'];
  try {
    const { proxy: _direct, ...fromEnv } = options(server, path.join(tempDir(t), 'b'));
    await downloadModel(fromEnv);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
  assert.ok(tunnels.length > 0, 'HTTP_PROXY from the environment is used');
});
