import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderResults, resultShape, resultView } from '../../src/mcp/resultView';
import type { FolderResult } from '../../src/shared/protocol';

const result: FolderResult = {
  folderId: '/repo', file: 'src/format/formatters.js', startLine: 40, endLine: 79, name: 'G', kind: 'method', language: 'javascript',
  score: 1.5, snippet: 'G: function (date, token) {', matchedBy: ['lexical'],
};

test('MCP results carry container and window only when they apply, in the schema and the text', () => {
  const plain = resultView(result);
  assert.equal('container' in plain || 'window' in plain, false);
  const member = resultView({ ...result, container: 'formatters', window: { index: 1, count: 3 } });
  assert.deepEqual([member.container, member.window], ['formatters', { index: 1, count: 3 }]);
  assert.deepEqual(resultShape.parse(member), member, 'the output schema accepts them');
  assert.deepEqual(resultShape.parse(plain), plain, 'and still accepts results without them');
  assert.match(renderResults('1 result', [member], [], false), /^src\/format\/formatters\.js:40-79 {2}formatters\.G \(method, part 2 of 3, javascript\)/m);
});
