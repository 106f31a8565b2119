package dev.pmad.agent.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small builder over ONNX's protobuf graph, for what Tribuo's {@code ONNXContext} cannot
 * express: string inputs, string constants and ONNX-ML operators. Tensors made here are named
 * {@code pmad/...}, so they cannot collide with a column name the schema gives an input.
 * Not thread-safe; one graph per builder.
 */
final class OnnxGraph {
    static final String ML_DOMAIN = "ai.onnx.ml";
    /** The batch dimension of every input and output: one entry per row. */
    private static final String ROWS = "N";

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int nodes;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A one-dimensional input of {@code type} ({@link TensorProto.DataType}), one value per row. */
    void input(String name, TensorProto.DataType type, String doc) {
        graph.addInput(rows(name, type, doc));
    }

    /** A one-dimensional output, one value per row, computed by {@code from}. */
    void output(String name, TensorProto.DataType type, String doc, String from) {
        node("Identity", "", List.of(from), name);
        graph.addOutput(rows(name, type, doc));
    }

    /** Adds a node of the default domain and returns the name of its output. */
    String op(String op, List<String> inputs, AttributeProto... attributes) {
        return node(op, "", inputs, null, attributes);
    }

    /** Adds a node of {@code domain} writing {@code output} (a fresh name when null) and returns that name. */
    String node(String op, String domain, List<String> inputs, String output, AttributeProto... attributes) {
        String name = "pmad/" + op + "_" + nodes++;
        String out = output != null ? output : name + ":0";
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(name)
                .addAllInput(inputs).addOutput(out).addAllAttribute(List.of(attributes)));
        return out;
    }

    String floats(String name, float[] values, long... dims) {
        var tensor = tensor(name, TensorProto.DataType.FLOAT, dims);
        for (float v : values) tensor.addFloatData(v);
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    String longs(String name, long[] values, long... dims) {
        var tensor = tensor(name, TensorProto.DataType.INT64, dims);
        for (long v : values) tensor.addInt64Data(v);
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    String strings(String name, List<String> values) {
        var tensor = tensor(name, TensorProto.DataType.STRING, values.size());
        for (String v : values) tensor.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    OnnxMl.GraphProto build() {
        return graph.build();
    }

    static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attribute(String name, List<String> values) {
        var a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        return a.build();
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
        var tensor = TensorProto.newBuilder().setName("pmad/" + name).setDataType(type.getNumber());
        for (long d : dims) tensor.addDims(d);
        return tensor;
    }

    private static OnnxMl.ValueInfoProto rows(String name, TensorProto.DataType type, String doc) {
        var shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(ROWS));
        var tensorType = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setDocString(doc)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensorType)).build();
    }
}
