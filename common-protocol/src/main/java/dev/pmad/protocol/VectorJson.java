package dev.pmad.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Vectors ({@link Weights}, {@link RingVector}) as {@link MessageCodec}'s streaming path reads and
 * writes them: the same base64 string as their {@code toBase64}, written from and read into bytes
 * without a {@code String} of it in between (a 10M-parameter update is a 107-million-character
 * string; going through a {@code String} and a JSON tree copied it six times each way).
 *
 * <p>Reading is only ever a fast path: anything it does not accept as the canonical form (no
 * whitespace, no escapes, padding only at the end) throws, and the codec decodes the message again
 * the strict, tree-based way, which then accepts or refuses it exactly as before.
 */
final class VectorJson {
    private VectorJson() {}

    /**
     * The parser over the whole message and its text: the only parser whose positions are offsets
     * into {@code json} (a type id that is not the first field makes Jackson replay the fields
     * before it from a buffer, whose positions mean nothing).
     */
    record Source(JsonParser parser, String json) {
        static final String ATTRIBUTE = Source.class.getName();
    }

    static SimpleModule module() {
        return new SimpleModule("pmad-vectors")
                .addSerializer(Weights.class, new Writer<>(Weights::size, Weights::littleEndian))
                .addSerializer(RingVector.class, new Writer<>(RingVector::size, RingVector::littleEndian))
                .addDeserializer(Weights.class, new Reader<>(Weights::fromLittleEndian))
                .addDeserializer(RingVector.class, new Reader<>(RingVector::fromLittleEndian));
    }

    /** Copies values {@code [from, from + count)} of a vector as little-endian bytes into a buffer. */
    private interface Values<T> {
        void put(T vector, int from, int count, ByteBuffer into);
    }

    private static final class Writer<T> extends JsonSerializer<T> {
        /** Values per block: 3 x 1024 values are 24 KiB, exactly 32 KiB of base64 with no padding. */
        private static final int BLOCK = 3 * 1024;
        private final ToIntFunction<T> size;
        private final Values<T> values;

        Writer(ToIntFunction<T> size, Values<T> values) {
            this.size = size;
            this.values = values;
        }

        /**
         * Base64 a block at a time, straight into the generator's output: neither the vector's bytes
         * nor its base64 are ever whole in memory. java.util.Base64 is the encoder toBase64 uses
         * (and, measured, faster than Jackson's {@code writeBinary}); base64 needs no JSON escaping.
         */
        @Override
        public void serialize(T vector, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (!(gen.getOutputTarget() instanceof OutputStream out)) {
                throw new IllegalStateException("vectors are written to bytes, not to " + gen.getOutputTarget());
            }
            gen.writeRawValue("\""); // the opening quote, as a value, so that the generator separates the next field
            gen.flush(); // what the generator holds goes out before the base64 written past it
            Base64.Encoder encoder = Base64.getEncoder();
            ByteBuffer block = ByteBuffer.allocate(BLOCK * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            byte[] encoded = new byte[BLOCK * Long.BYTES / 3 * 4];
            int n = size.applyAsInt(vector);
            for (int from = 0; from < n; from += BLOCK) {
                int count = Math.min(BLOCK, n - from);
                values.put(vector, from, count, block);
                byte[] plain = count == BLOCK ? block.array() : Arrays.copyOf(block.array(), count * Long.BYTES);
                out.write(encoded, 0, encoder.encode(plain, encoded));
            }
            gen.writeRaw('"');
        }
    }

    private static final class Reader<T> extends JsonDeserializer<T> {
        private final Function<byte[], T> fromBytes;

        Reader(Function<byte[], T> fromBytes) {
            this.fromBytes = fromBytes;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) throw new IOException("not a string; the strict path says why");
            if (!(ctxt.getAttribute(Source.ATTRIBUTE) instanceof Source source) || source.parser() != p) {
                return fromBytes.apply(Base64Vectors.decode(p.getText()));
            }
            long start = p.currentTokenLocation().getCharOffset();
            byte[] bytes = p.getBinaryValue();
            long end = p.currentLocation().getCharOffset();
            if (!canonical(source.json(), start, end, bytes.length)) throw new IOException("not canonical base64");
            return fromBytes.apply(bytes);
        }

        /**
         * Whether {@code json[start, end)} is the quoted canonical base64 of {@code length} bytes, as
         * {@code java.util.Base64} writes it. Jackson's decoder also takes whitespace, escapes and
         * padding in the middle, which {@code java.util.Base64} (the strict path) refuses; each of
         * those makes the string longer than the canonical one or leaves no padding at the end.
         */
        private static boolean canonical(String json, long start, long end, int length) {
            long symbols = 4L * ((length + 2) / 3);
            if (end - start != symbols + 2 || start < 0 || end > json.length()) return false;
            int close = (int) end - 1;
            if (json.charAt((int) start) != '"' || json.charAt(close) != '"') return false;
            return switch (length % 3) {
                case 1 -> json.charAt(close - 1) == '=' && json.charAt(close - 2) == '=';
                case 2 -> json.charAt(close - 1) == '=' && json.charAt(close - 2) != '=';
                default -> true; // no padded group at all: the length leaves no room for one
            };
        }
    }
}
