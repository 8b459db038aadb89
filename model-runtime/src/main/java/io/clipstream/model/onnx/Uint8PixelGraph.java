package io.clipstream.model.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.clipstream.model.image.PreprocessSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a vision graph so that it takes raw 8-bit pixels, interleaved as decoded ({@code [N, H, W, 3]}
 * uint8), instead of normalised channel-first floats: a few nodes are prepended (transpose to channel-first, cast,
 * then the normalisation of {@link PreprocessSpec}) and every consumer of the old input reads their result. The
 * host sends a quarter of the bytes and does no float work; the graph computes the host's normalisation in float32
 * (the host rounds {@code v * rescale} from double, so a value may differ in its last bit).
 *
 * <p>The model is edited at the protobuf wire level, streaming from a memory-mapped file: only the input's
 * description and the nodes that read it are decoded; everything else (the weights) is copied byte for byte.
 * Graphs this cannot edit safely are refused with a reason: external weight files, a subgraph that reads the
 * input by name, an input that is not {@code [N, 3, H, W]} float or float16, IR versions before 4.
 */
public final class Uint8PixelGraph {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_G = 6;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_GRAPHS = 11;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_LOCATION_EXTERNAL = 1;
    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    // TensorProto.DataType
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT32 = 6;
    static final int FLOAT16 = 10;

    private static final String PREFIX = "clipstream_uint8/";
    private static final String RESCALE = PREFIX + "rescale";
    private static final String MEAN = PREFIX + "mean";
    private static final String STD = PREFIX + "std";

    /** Why a graph cannot take uint8 pixels. */
    public static final class UnsupportedGraphException extends Exception {
        UnsupportedGraphException(String message) {
            super(message);
        }
    }

    private Uint8PixelGraph() {
    }

    /**
     * Writes the rewritten model to {@code target}.
     *
     * @param input the name of the pixel input, e.g. {@code pixel_values}
     * @return the element type the graph used to take ({@link #FLOAT} or {@link #FLOAT16})
     */
    public static int rewrite(Path model, String input, PreprocessSpec spec, Path target)
            throws IOException, UnsupportedGraphException {
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new UnsupportedGraphException(model + " is over 2 GiB (weights in one protobuf file)");
            }
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            Plan plan = plan(bytes, input, spec);
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                write(bytes, plan, out);
            }
            return plan.elemType;
        }
    }

    /** What changes: the graph's span, the replaced fields (by their offset in the file) and the added bytes. */
    private static final class Plan {
        int graphTagStart;
        int graphStart;
        int graphEnd;
        int elemType;
        final List<Replacement> replacements = new ArrayList<>();
        byte[] prepended;
    }

    /** Field bytes [start, end) of the original file are replaced by {@code bytes} (a whole tagged field). */
    private record Replacement(int start, int end, byte[] bytes) {
    }

    private static Plan plan(ByteBuffer bytes, String input, PreprocessSpec spec)
            throws IOException, UnsupportedGraphException {
        CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
        Plan plan = new Plan();
        long irVersion = -1;
        boolean sawGraph = false;
        while (true) {
            int fieldStart = in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == MODEL_IR_VERSION && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                irVersion = in.readInt64();
            } else if (field == MODEL_GRAPH && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int length = in.readRawVarint32();
                plan.graphTagStart = fieldStart;
                plan.graphStart = in.getTotalBytesRead();
                plan.graphEnd = plan.graphStart + length;
                int limit = in.pushLimit(length);
                planGraph(in, input, plan);
                in.popLimit(limit);
                sawGraph = true;
            } else {
                in.skipField(tag);
            }
        }
        if (!sawGraph) {
            throw new UnsupportedGraphException("the file holds no graph");
        }
        if (irVersion >= 0 && irVersion < 4) {
            throw new UnsupportedGraphException("IR version " + irVersion + " needs initializers among the graph "
                    + "inputs (before IR version 4)");
        }
        if (plan.elemType == 0) {
            throw new UnsupportedGraphException("the graph has no input named " + input);
        }
        plan.prepended = prependedFields(input, spec, plan.elemType);
        return plan;
    }

    private static void planGraph(CodedInputStream in, String input, Plan plan)
            throws IOException, UnsupportedGraphException {
        byte[] inputName = input.getBytes(StandardCharsets.UTF_8);
        while (!in.isAtEnd()) {
            int start = in.getTotalBytesRead();
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (delimited && field == GRAPH_INPUT) {
                byte[] value = in.readByteArray();
                ValueInfo info = ValueInfo.parse(value);
                if (info.name.equals(input)) {
                    plan.elemType = info.elemType;
                    plan.replacements.add(new Replacement(start, in.getTotalBytesRead(),
                            field(GRAPH_INPUT, info.asUint8Hwc(input))));
                }
            } else if (delimited && field == GRAPH_NODE) {
                byte[] value = in.readByteArray();
                byte[] rewritten = rewireNode(value, input, inputName);
                if (rewritten != null) {
                    plan.replacements.add(new Replacement(start, in.getTotalBytesRead(), field(GRAPH_NODE, rewritten)));
                }
            } else if (delimited && field == GRAPH_INITIALIZER) {
                int length = in.readRawVarint32();
                int limit = in.pushLimit(length);
                checkInline(in);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    /** Refuses weights kept in a separate file: the rewritten model would be written elsewhere and lose them. */
    private static void checkInline(CodedInputStream tensor) throws IOException, UnsupportedGraphException {
        while (!tensor.isAtEnd()) {
            int tag = tensor.readTag();
            if (WireFormat.getTagFieldNumber(tag) == TENSOR_DATA_LOCATION
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                if (tensor.readEnum() == DATA_LOCATION_EXTERNAL) {
                    throw new UnsupportedGraphException("its weights are in an external data file");
                }
            } else {
                tensor.skipField(tag);
            }
        }
    }

    /**
     * The node with {@code input} replaced by the normalised pixels, or null when it does not read it. A node
     * whose subgraph mentions the name is refused: subgraphs read outer values by name.
     */
    private static byte[] rewireNode(byte[] node, String input, byte[] inputName)
            throws IOException, UnsupportedGraphException {
        CodedInputStream in = CodedInputStream.newInstance(node);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(node.length + 32);
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        boolean changed = false;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == NODE_INPUT && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                String name = in.readStringRequireUtf8();
                if (name.equals(input)) {
                    name = normalisedName(input);
                    changed = true;
                }
                out.writeString(NODE_INPUT, name);
            } else if (field == NODE_ATTRIBUTE && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                byte[] attribute = in.readByteArray();
                if (hasSubgraph(attribute) && contains(attribute, inputName)) {
                    throw new UnsupportedGraphException("a subgraph reads " + input + " by name");
                }
                out.writeByteArray(NODE_ATTRIBUTE, attribute);
            } else {
                out.writeTag(field, WireFormat.getTagWireType(tag));
                copyValue(in, tag, out);
            }
        }
        out.flush();
        return changed ? buffer.toByteArray() : null;
    }

    private static boolean hasSubgraph(byte[] attribute) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(attribute);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == ATTR_G || field == ATTR_GRAPHS) {
                return true;
            }
            in.skipField(tag);
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void copyValue(CodedInputStream in, int tag, CodedOutputStream out) throws IOException {
        switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> out.writeUInt64NoTag(in.readRawVarint64());
            case WireFormat.WIRETYPE_FIXED64 -> out.writeFixed64NoTag(in.readRawLittleEndian64());
            case WireFormat.WIRETYPE_FIXED32 -> out.writeFixed32NoTag(in.readRawLittleEndian32());
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> out.writeByteArrayNoTag(in.readByteArray());
            default -> throw new IOException("unsupported wire type in a node: " + WireFormat.getTagWireType(tag));
        }
    }

    static String normalisedName(String input) {
        return PREFIX + input + "_normalised";
    }

    /** The input as it was: its element type and its dimensions (each kept as encoded). */
    private record ValueInfo(String name, int elemType, List<byte[]> dims) {

        static ValueInfo parse(byte[] value) throws IOException, UnsupportedGraphException {
            CodedInputStream in = CodedInputStream.newInstance(value);
            String name = "";
            int elemType = 0;
            List<byte[]> dims = new ArrayList<>();
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case VALUE_NAME -> name = in.readStringRequireUtf8();
                    case VALUE_TYPE -> {
                        CodedInputStream type = CodedInputStream.newInstance(in.readByteArray());
                        while (!type.isAtEnd()) {
                            int t = type.readTag();
                            if (WireFormat.getTagFieldNumber(t) != TYPE_TENSOR) {
                                type.skipField(t);
                                continue;
                            }
                            CodedInputStream tensor = CodedInputStream.newInstance(type.readByteArray());
                            while (!tensor.isAtEnd()) {
                                int tt = tensor.readTag();
                                switch (WireFormat.getTagFieldNumber(tt)) {
                                    case TENSOR_TYPE_ELEM -> elemType = tensor.readInt32();
                                    case TENSOR_TYPE_SHAPE -> {
                                        CodedInputStream shape = CodedInputStream.newInstance(tensor.readByteArray());
                                        while (!shape.isAtEnd()) {
                                            int st = shape.readTag();
                                            if (WireFormat.getTagFieldNumber(st) == SHAPE_DIM) {
                                                dims.add(shape.readByteArray());
                                            } else {
                                                shape.skipField(st);
                                            }
                                        }
                                    }
                                    default -> tensor.skipField(tt);
                                }
                            }
                        }
                    }
                    default -> in.skipField(tag);
                }
            }
            return new ValueInfo(name, elemType, dims);
        }

        /** {@code [N, 3, H, W]} float becomes {@code [N, H, W, 3]} uint8, the dimensions reused as they were. */
        byte[] asUint8Hwc(String input) throws IOException, UnsupportedGraphException {
            if (elemType == UINT8) {
                throw new UnsupportedGraphException(input + " already takes uint8 pixels");
            }
            if (elemType != FLOAT && elemType != FLOAT16) {
                throw new UnsupportedGraphException(input + " has element type " + elemType
                        + ", expected float or float16");
            }
            if (dims.size() != 4) {
                throw new UnsupportedGraphException(input + " has " + dims.size() + " dimensions, expected 4");
            }
            Long channels = dimValue(dims.get(1));
            if (channels != null && channels != 3) {
                throw new UnsupportedGraphException(input + " has " + channels + " channels, expected 3");
            }
            ByteArrayOutputStream shape = new ByteArrayOutputStream();
            CodedOutputStream s = CodedOutputStream.newInstance(shape);
            for (byte[] dim : List.of(dims.get(0), dims.get(2), dims.get(3), dims.get(1))) {
                s.writeByteArray(SHAPE_DIM, dim);
            }
            s.flush();
            byte[] tensor = message(o -> {
                o.writeInt32(TENSOR_TYPE_ELEM, UINT8);
                o.writeByteArray(TENSOR_TYPE_SHAPE, shape.toByteArray());
            });
            byte[] type = message(o -> o.writeByteArray(TYPE_TENSOR, tensor));
            return message(o -> {
                o.writeString(VALUE_NAME, input);
                o.writeByteArray(VALUE_TYPE, type);
            });
        }

        private static Long dimValue(byte[] dim) throws IOException {
            CodedInputStream in = CodedInputStream.newInstance(dim);
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (WireFormat.getTagFieldNumber(tag) == DIM_VALUE) {
                    return in.readInt64();
                }
                in.skipField(tag);
            }
            return null;
        }
    }

    /**
     * The prepended nodes and their constants, as graph fields (nodes must be in topological order, so they come
     * before every original node): transpose the bytes to channel-first (a quarter of the memory traffic of doing
     * it on floats), cast to float, then the host's normalisation in the host's order, {@code (v * rescale - mean)
     * / std} per channel, and a cast to float16 for half-precision graphs. Element-wise operators, because ONNX
     * Runtime's CPU Gather moves one element per call and a table lookup ran six times slower than the model.
     */
    private static byte[] prependedFields(String input, PreprocessSpec spec, int elemType) throws IOException {
        String chw = PREFIX + "pixels_chw";
        String asFloat = PREFIX + "pixels_float";
        String scaled = PREFIX + "pixels_scaled";
        String centred = PREFIX + "pixels_centred";
        String normalised = elemType == FLOAT16 ? PREFIX + "pixels_normalised_float" : normalisedName(input);
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(fields);
        out.writeByteArray(GRAPH_NODE, node("Transpose", List.of(input), chw, intsAttribute("perm", 0, 3, 1, 2)));
        out.writeByteArray(GRAPH_NODE, node("Cast", List.of(chw), asFloat, intAttribute("to", FLOAT)));
        out.writeByteArray(GRAPH_NODE, node("Mul", List.of(asFloat, RESCALE), scaled, null));
        out.writeByteArray(GRAPH_NODE, node("Sub", List.of(scaled, MEAN), centred, null));
        out.writeByteArray(GRAPH_NODE, node("Div", List.of(centred, STD), normalised, null));
        if (elemType == FLOAT16) {
            out.writeByteArray(GRAPH_NODE, node("Cast", List.of(normalised), normalisedName(input),
                    intAttribute("to", FLOAT16)));
        }
        out.writeByteArray(GRAPH_INITIALIZER, floats(RESCALE, new long[] {1}, (float) spec.rescaleFactor()));
        out.writeByteArray(GRAPH_INITIALIZER, floats(MEAN, new long[] {1, 3, 1, 1}, spec.mean()));
        out.writeByteArray(GRAPH_INITIALIZER, floats(STD, new long[] {1, 3, 1, 1}, spec.std()));
        out.flush();
        return fields.toByteArray();
    }

    private static byte[] floats(String name, long[] dims, float... values) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return tensor(name, FLOAT, dims, raw.array());
    }

    private static byte[] node(String op, List<String> inputs, String output, byte[] attribute) throws IOException {
        return message(o -> {
            for (String in : inputs) {
                o.writeString(NODE_INPUT, in);
            }
            o.writeString(NODE_OUTPUT, output);
            o.writeString(NODE_NAME, output);
            o.writeString(NODE_OP_TYPE, op);
            if (attribute != null) {
                o.writeByteArray(NODE_ATTRIBUTE, attribute);
            }
        });
    }

    private static byte[] intAttribute(String name, long value) throws IOException {
        return message(o -> {
            o.writeString(ATTR_NAME, name);
            o.writeInt64(ATTR_I, value);
            o.writeEnum(ATTR_TYPE, ATTR_TYPE_INT);
        });
    }

    private static byte[] intsAttribute(String name, long... values) throws IOException {
        return message(o -> {
            o.writeString(ATTR_NAME, name);
            for (long v : values) {
                o.writeInt64(ATTR_INTS, v);
            }
            o.writeEnum(ATTR_TYPE, ATTR_TYPE_INTS);
        });
    }

    private static byte[] tensor(String name, int dataType, long[] dims, byte[] raw) throws IOException {
        return message(o -> {
            for (long d : dims) {
                o.writeInt64(TENSOR_DIMS, d);
            }
            o.writeInt32(TENSOR_DATA_TYPE, dataType);
            o.writeString(TENSOR_NAME, name);
            o.writeByteArray(TENSOR_RAW_DATA, raw);
        });
    }

    private static byte[] field(int number, byte[] value) throws IOException {
        return message(o -> o.writeByteArray(number, value));
    }

    /** Writes the fields of one protobuf message (package-visible: the tests build hostile graphs with it). */
    @FunctionalInterface
    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        writer.write(out);
        out.flush();
        return buffer.toByteArray();
    }

    /** The file with the graph's length, its replaced fields and the prepended fields changed; all else copied. */
    private static void write(ByteBuffer bytes, Plan plan, WritableByteChannel target) throws IOException {
        long graphLength = plan.graphEnd - plan.graphStart + plan.prepended.length;
        for (Replacement r : plan.replacements) {
            graphLength += r.bytes.length - (r.end - r.start);
        }
        if (graphLength > Integer.MAX_VALUE) {
            throw new IOException("the rewritten graph would exceed 2 GiB");
        }
        OutputStream stream = Channels.newOutputStream(target);
        copy(bytes, 0, plan.graphTagStart, target);
        CodedOutputStream header = CodedOutputStream.newInstance(stream);
        header.writeTag(MODEL_GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        header.writeUInt32NoTag((int) graphLength);
        header.flush();
        stream.write(plan.prepended);
        int position = plan.graphStart;
        for (Replacement r : plan.replacements) {
            copy(bytes, position, r.start, target);
            stream.write(r.bytes);
            position = r.end;
        }
        copy(bytes, position, bytes.capacity(), target);
    }

    private static void copy(ByteBuffer bytes, int from, int to, WritableByteChannel target) throws IOException {
        ByteBuffer slice = bytes.slice(from, to - from);
        while (slice.hasRemaining()) {
            target.write(slice);
        }
    }
}
