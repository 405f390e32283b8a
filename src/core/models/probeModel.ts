/**
 * A tiny ONNX model (y = x + x over float[1, 4]) built in memory, so `doctor` can check that an execution
 * provider starts and computes even before any embedding model is downloaded. Encodes the few protobuf
 * fields of onnx.proto it needs.
 */

/** Input [1, 2, 3, 4] gives output [2, 4, 6, 8]. */
export const PROBE_INPUT = [1, 2, 3, 4] as const;

export function probeModelBytes(): Uint8Array {
  // ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type: FLOAT, shape: [1, 4] } } }
  const valueInfo = (field: number, name: string): number[] =>
    message(field, [
      ...string(1, name),
      ...message(2, message(1, [...varintField(1, 1), ...message(2, [...message(1, varintField(1, 1)), ...message(1, varintField(1, 4))])])),
    ]);
  // NodeProto { input: x, x; output: y; name; op_type: Add }
  const node = message(1, [...string(1, 'x'), ...string(1, 'x'), ...string(2, 'y'), ...string(3, 'double'), ...string(4, 'Add')]);
  const graph = [...node, ...string(2, 'codeloupe-probe'), ...valueInfo(11, 'x'), ...valueInfo(12, 'y')];
  const model = [
    ...varintField(1, 8), // ir_version
    ...string(2, 'codeloupe'), // producer_name
    ...message(7, graph),
    ...message(8, [...string(1, ''), ...varintField(2, 13)]), // opset_import: default domain, opset 13
  ];
  return Uint8Array.from(model);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): number[] {
  return [...varint(field << 3), ...varint(value)];
}

function bytesField(field: number, bytes: number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

function string(field: number, text: string): number[] {
  return bytesField(field, [...Buffer.from(text, 'utf8')]);
}

function message(field: number, body: number[]): number[] {
  return bytesField(field, body);
}
