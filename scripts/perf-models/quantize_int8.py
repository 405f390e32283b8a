"""Dynamic int8 quantization of a float32 ONNX encoder, written with the `onnx` package alone.

ONNX Runtime's Python quantizer is not installable here, so this is the same rewrite done by hand:
- every MatMul whose right-hand side is a 2-D float weight becomes com.microsoft.DynamicQuantizeMatMul:
  the weight is stored as int8, symmetric, with one scale per output column; the activations are quantized
  to uint8 at run time, per tensor (what ORT's `quantize_dynamic` does with per_channel=True);
- every Gather from a float table (the token embeddings) gathers from an int8 copy of the table, followed by
  DequantizeLinear with one scale per hidden unit.
Everything else (norms, softmax, rotary tables) stays float32. The accuracy against the float32 model is
checked by the caller with ONNX Runtime (bench/lib/perfModels.ts).
Usage: /usr/bin/python3 quantize_int8.py IN.onnx OUT.onnx
"""

from __future__ import annotations

import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

MS_DOMAIN = "com.microsoft"


def symmetric_int8(values: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and float scales along every index of `axis` (max |x| maps to 127)."""
    reduce = tuple(i for i in range(values.ndim) if i != axis)
    scale = np.abs(values).max(axis=reduce) / 127.0
    scale[scale == 0] = 1.0
    shape = [1] * values.ndim
    shape[axis] = -1
    quantized = np.clip(np.rint(values / scale.reshape(shape)), -127, 127).astype(np.int8)
    return quantized, scale.astype(np.float32)


def quantize(model: onnx.ModelProto) -> tuple[onnx.ModelProto, dict[str, int]]:
    graph = model.graph
    inits = {init.name: init for init in graph.initializer}
    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    new_nodes: list[onnx.NodeProto] = []
    new_inits: list[onnx.TensorProto] = []
    dropped: set[str] = set()
    counts = {"matmul": 0, "gather": 0}
    for node in graph.node:
        weight = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        table = inits.get(node.input[0]) if node.op_type == "Gather" else None
        if weight is not None and len(weight.dims) == 2 and weight.data_type == onnx.TensorProto.FLOAT:
            w = numpy_helper.to_array(weight)
            q, scale = symmetric_int8(w, axis=1)  # one scale per output column
            base = f"{weight.name}_int8"
            new_inits += [
                numpy_helper.from_array(q, f"{base}_q"),
                numpy_helper.from_array(scale, f"{base}_scale"),
                numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), f"{base}_zero"),
            ]
            new_nodes.append(helper.make_node(
                "DynamicQuantizeMatMul", [node.input[0], f"{base}_q", f"{base}_scale", f"{base}_zero"], list(node.output),
                name=f"{node.name or base}_quant", domain=MS_DOMAIN))
            if uses.get(weight.name) == 1:
                dropped.add(weight.name)
            counts["matmul"] += 1
        elif table is not None and len(table.dims) == 2 and table.data_type == onnx.TensorProto.FLOAT:
            t = numpy_helper.to_array(table)
            q, scale = symmetric_int8(t, axis=1)  # one scale per hidden unit
            base = f"{table.name}_int8"
            gathered = f"{base}_gathered"
            new_inits += [
                numpy_helper.from_array(q, f"{base}_q"),
                numpy_helper.from_array(scale, f"{base}_scale"),
                numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), f"{base}_zero"),
            ]
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            new_nodes.append(helper.make_node("Gather", [f"{base}_q", node.input[1]], [gathered], name=f"{base}_gather", **attrs))
            new_nodes.append(helper.make_node("DequantizeLinear", [gathered, f"{base}_scale", f"{base}_zero"], list(node.output),
                                              name=f"{base}_dequantize", axis=-1))
            if uses.get(table.name) == 1:
                dropped.add(table.name)
            counts["gather"] += 1
        else:
            new_nodes.append(node)
    kept = [init for init in graph.initializer if init.name not in dropped]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    if not any(op.domain == MS_DOMAIN for op in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    return model, counts


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: quantize_int8.py IN.onnx OUT.onnx")
    model, counts = quantize(onnx.load(sys.argv[1]))
    onnx.save(model, sys.argv[2])
    print(f"quantized {counts['matmul']} MatMul weights and {counts['gather']} embedding tables to int8: {sys.argv[2]}")


if __name__ == "__main__":
    main()
