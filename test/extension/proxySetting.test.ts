import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bypasses, installEnv, redact, resolveProxy } from '../../src/extension/models/proxySetting';

const HUB = 'https://huggingface.co';

test('VS Code http.proxy wins over the environment; a bare host:port is taken as http://', () => {
  const env = { HTTPS_PROXY: 'http://env-proxy:3128' };
  assert.deepEqual(resolveProxy({ proxy: 'http://corp:8080' }, HUB, env), { proxy: 'http://corp:8080', source: 'http.proxy (http://corp:8080)' });
  assert.equal(resolveProxy({ proxy: 'corp:8080' }, HUB, env).proxy, 'http://corp:8080');
});

test('without http.proxy, or with http.proxySupport off, the environment decides (undici reads HTTPS_PROXY / NO_PROXY)', () => {
  const env = { HTTPS_PROXY: 'http://user:secret@env-proxy:3128' };
  const unset = resolveProxy({ proxy: '  ' }, HUB, env);
  assert.equal(unset.proxy, undefined);
  assert.equal(unset.source, 'the environment (HTTPS_PROXY=http://user:***@env-proxy:3128)');
  const off = resolveProxy({ proxy: 'http://corp:8080', proxySupport: 'off' }, HUB, env);
  assert.equal(off.proxy, undefined);
  assert.match(off.source, /proxySupport is off/);
  assert.deepEqual(resolveProxy({}, HUB, {}), { proxy: undefined, source: 'none (direct connection)' });
  assert.equal(resolveProxy({ proxy: 42 }, HUB, {}).proxy, undefined, 'a non-string setting is ignored');
});

test('a host in http.noProxy connects directly', () => {
  assert.deepEqual(resolveProxy({ proxy: 'http://corp:8080', noProxy: ['*.huggingface.co', 'localhost'] }, 'https://cdn.huggingface.co/x', {}), {
    proxy: false,
    source: 'none: cdn.huggingface.co is in http.noProxy',
  });
  assert.equal(resolveProxy({ proxy: 'http://corp:8080', noProxy: ['example.com'] }, HUB, {}).proxy, 'http://corp:8080');
});

test('no-proxy patterns match the host, its subdomains, leading dots and wildcards, but not look-alikes', () => {
  assert.ok(bypasses('huggingface.co', ['huggingface.co']));
  assert.ok(bypasses('cdn-lfs.huggingface.co', ['.huggingface.co']));
  assert.ok(bypasses('mirror.local', ['*']));
  assert.ok(bypasses('127.0.0.1', ['127.0.0.1:8080']));
  assert.ok(!bypasses('nothuggingface.co', ['huggingface.co']));
  assert.ok(!bypasses('huggingface.co', ['', ' ']));
});

test('the CUDA install script (global-agent) gets the proxy as GLOBAL_AGENT_*', () => {
  const explicit = installEnv({ proxy: 'http://corp:8080', source: '' }, { PATH: '/bin' });
  assert.deepEqual(explicit, { PATH: '/bin', GLOBAL_AGENT_HTTP_PROXY: 'http://corp:8080', GLOBAL_AGENT_HTTPS_PROXY: 'http://corp:8080' });
  const fromEnv = installEnv({ proxy: undefined, source: '' }, { https_proxy: 'http://p:1', NO_PROXY: 'localhost' });
  assert.equal(fromEnv['GLOBAL_AGENT_HTTPS_PROXY'], 'http://p:1');
  assert.equal(fromEnv['GLOBAL_AGENT_NO_PROXY'], 'localhost');
  const direct = installEnv({ proxy: false, source: '' }, { HTTPS_PROXY: 'http://p:1', GLOBAL_AGENT_HTTPS_PROXY: 'http://p:1', PATH: '/bin' });
  assert.deepEqual(direct, { PATH: '/bin' });
});

test('passwords never reach the log', () => {
  assert.equal(redact('http://me:pa55@proxy:8080'), 'http://me:***@proxy:8080');
  assert.equal(redact('http://proxy:8080'), 'http://proxy:8080');
});
