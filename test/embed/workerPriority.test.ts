import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { WorkerEmbedder } from '../../src/core/embed/workerEmbedder';
import { TEST_MODEL_DIR } from './helpers/modelCopy';
import { codeTexts } from './helpers/vectors';

/** The nice value of every thread of a process (Linux: field 19 of /proc/PID/task/TID/stat). */
function threadNiceness(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  });
}

const linux = process.platform === 'linux';

for (const priority of ['low', 'normal'] as const) {
  test(`the embedding worker runs at ${priority === 'low' ? 'below-normal' : 'the normal'} OS priority, all of its threads`, { skip: !linux && 'reads /proc' }, async () => {
    const model = await resolveModel(TEST_MODEL_DIR);
    const embedder = await WorkerEmbedder.start({ model, device: 'cpu', threads: 2, priority });
    try {
      await embedder.embed(codeTexts(4), 'document'); // ONNX Runtime's threads exist from here
      const pid = embedder.workerPid;
      assert.ok(pid);
      const own = os.getPriority();
      const expected = priority === 'low' ? Math.max(own, os.constants.priority.PRIORITY_BELOW_NORMAL) : own;
      const threads = threadNiceness(pid);
      assert.ok(threads.length >= 2);
      assert.deepEqual(threads, threads.map(() => expected), `nice values of the worker's threads: ${threads.join(' ')}`);
    } finally {
      await embedder.dispose();
    }
  });
}
