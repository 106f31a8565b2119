package dev.pmad.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.NameTransformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes messages as versioned JSON ({@code {"v":4,"type":"MODEL_UPDATE",...}}) and decodes them
 * strictly: unknown fields, missing fields, wrong types, non-finite numbers, another protocol
 * version and payloads above {@link #maxBytes()} are all refused with a {@link ProtocolException}.
 *
 * <p>Two mappers with the same settings: {@code strict} binds through a JSON tree and its errors
 * are the ones callers see; {@code streaming} writes every message and reads the well-formed ones
 * without a tree, with vectors as bytes ({@link VectorJson}), which for a 10M-parameter update
 * allocates a fraction of what the tree did. A message the streaming read does not accept is read
 * again by the strict one, so the two can only differ in speed.
 *
 * <p>Thread-safe. Semantic checks that need run context (run id, round, dimensions, sender) are
 * the receiving engine's job; this class only guarantees a well-formed message.
 */
public final class MessageCodec {
    /**
     * Default bound on one decoded message: room for a 2-million-parameter model. Parties on XMPP
     * use the bound derived from {@code MAX_MODEL_PARAMETERS} instead (the transport's limits).
     */
    public static final int DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

    private final ObjectMapper strict;
    private final ObjectMapper streaming;
    private final ObjectReader streamingReader;
    /** Per message class, its fields without the braces: the envelope writes "v" and "type" first. */
    private final Map<Class<?>, JsonSerializer<Object>> fieldWriters = new ConcurrentHashMap<>();
    /**
     * Per message class, the length of the last one encoded: the next is usually as long (the
     * same model every round), so its buffer starts at that size instead of doubling its way up,
     * each doubling a copy (some 130 MB allocated and 70 MB copied for a 10M-parameter update).
     */
    private final Map<Class<?>, Integer> lastLengths = new ConcurrentHashMap<>();
    private final int maxBytes;

    public MessageCodec() {
        this(DEFAULT_MAX_BYTES);
    }

    public MessageCodec(int maxBytes) {
        if (maxBytes < 1024) throw new IllegalArgumentException("maxBytes must be >= 1024, was " + maxBytes);
        this.maxBytes = maxBytes;
        this.strict = configured(JsonMapper.builder(), maxBytes);
        this.streaming = configured(JsonMapper.builder().addModule(VectorJson.module()), maxBytes);
        this.streamingReader = streaming.readerFor(Message.class);
    }

    private static ObjectMapper configured(JsonMapper.Builder builder, int maxBytes) {
        ObjectMapper mapper = builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Wrong types are refused, not converted: no "3" for 3, no 1 for true, no 5 for "5".
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxBytes).maxNestingDepth(16).build());
        return mapper;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** {@code {"v":4,"type":"...",<the message's fields>}}: the bytes the golden files pin. */
    public String encode(Message message) {
        var out = new ByteArrayOutputStream(lastLengths.getOrDefault(message.getClass(), 256) + 256);
        SerializerProvider serializers = streaming.getSerializerProviderInstance(); // one per call: they hold state
        try (JsonGenerator gen = streaming.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("v", Message.PROTOCOL_VERSION);
            gen.writeStringField("type", message.type().name());
            fieldWriter(message.getClass(), serializers).serialize(message, gen, serializers);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.type(), e);
        }
        lastLengths.put(message.getClass(), out.size());
        return out.toString(StandardCharsets.UTF_8);
    }

    private JsonSerializer<Object> fieldWriter(Class<?> type, SerializerProvider serializers) {
        return fieldWriters.computeIfAbsent(type, t -> {
            try {
                return serializers.findValueSerializer(t).unwrappingSerializer(NameTransformer.NOP);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("no serializer for " + t.getSimpleName(), e);
            }
        });
    }

    public Message decode(String json) throws ProtocolException {
        if (json == null) throw new ProtocolException("malformed", "empty payload");
        // Cheap bound before parsing: a UTF-16 string never has more chars than UTF-8 bytes, nor
        // fewer than a third of them; only in between is the UTF-8 length worth computing (a copy).
        if (json.length() > maxBytes
                || (json.length() * 3L > maxBytes && json.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
            throw new ProtocolException("oversized", "payload of " + json.length()
                    + " characters exceeds the limit of " + maxBytes + " bytes (over XMPP the limit follows MAX_MODEL_PARAMETERS:"
                    + " raise it on every party to the model's size)");
        }
        try {
            Message message = decodeStreaming(json);
            if (message != null) return message;
        } catch (IOException | RuntimeException e) {
            // Not the common well-formed case: the strict path below accepts or refuses it.
        }
        return decodeStrict(json);
    }

    /**
     * Without a tree, for a message that begins with its version (as every encoder writes it); null
     * when it does not. Throws on anything else it does not accept.
     */
    Message decodeStreaming(String json) throws IOException {
        try (JsonParser p = streaming.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"v".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != Message.PROTOCOL_VERSION) {
                return null;
            }
            p.nextToken(); // the field after the version: its type, as written, or any other
            Message message = streamingReader.withAttribute(VectorJson.Source.ATTRIBUTE, new VectorJson.Source(p, json))
                    .readValue(p);
            return p.nextToken() == null ? message : null;
        }
    }

    private Message decodeStrict(String json) throws ProtocolException {
        JsonNode tree;
        try {
            tree = strict.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("malformed", "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ProtocolException("malformed", "payload is not a JSON object");
        }
        JsonNode version = object.remove("v");
        if (version == null || !version.isInt()) {
            throw new ProtocolException("version", "missing protocol version field 'v'");
        }
        if (version.intValue() != Message.PROTOCOL_VERSION) {
            throw new ProtocolException("version", "protocol version " + version.intValue()
                    + " is not supported (this side speaks " + Message.PROTOCOL_VERSION + ")");
        }
        try {
            return strict.treeToValue(object, Message.class);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException("unknown-type", "unknown or missing message type " + e.getTypeId());
        } catch (UnrecognizedPropertyException e) {
            throw new ProtocolException("unknown-field", "unknown field '" + e.getPropertyName() + "'");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException("invalid", "invalid " + object.path("type").asText("message")
                    + at(e) + ": " + cause.getMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            String where = e instanceof JsonMappingException m ? at(m) : "";
            throw new ProtocolException("invalid", "invalid " + object.path("type").asText("message")
                    + where + ": " + detail);
        }
    }

    /** Where in the message the problem is, e.g. {@code " at standardization.mean"}; empty at top level. */
    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at " + path;
    }
}
