package io.modelstore.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.ModelMetadata;
import io.modelstore.StoreDamagedException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/** JSON as Python's {@code json.dumps} writes it: one line, {@code ", "} and {@code ": "}, ASCII only. */
public final class Json {

    /** Reads what Python's json.dumps writes by default, NaN and Infinity included. */
    /** How Python writes a local time in metadata ({@code created}) and state files. */
    public static final DateTimeFormatter PYTHON_CREATED = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH:mm:ss");

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {}

    /** A metadata document; {@code what} names it in the error when it is not a JSON object. */
    public static ModelMetadata metadata(byte[] bytes, String what) {
        return ApiAccess.get().metadata(parseObject(bytes, what));
    }

    private static final String RESTORE = "The store may be damaged: restore it from a backup.";

    public static ObjectNode parseObject(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new StoreDamagedException(what, "is not a JSON object", RESTORE, null);
        } catch (JsonProcessingException e) {
            throw new StoreDamagedException(what, "is not valid JSON (" + e.getOriginalMessage() + ")", RESTORE, e);
        } catch (java.io.IOException e) {
            throw new StoreDamagedException(what, "cannot be parsed (" + e + ")", RESTORE, e);
        }
    }

    public static Map<String, Object> toMap(JsonNode node) {
        return MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {});
    }

    public static JsonNode fromValue(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot store " + value.getClass().getName()
                            + " as JSON metadata: use strings, numbers, booleans, lists and maps",
                    e);
        }
    }

    public static byte[] pythonBytes(JsonNode node) {
        return python(node).getBytes(StandardCharsets.US_ASCII);
    }

    public static String python(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                quote(field.getKey(), out);
                out.append(": ");
                write(field.getValue(), out);
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isDouble() || node.isFloat()) {
            out.append(pythonFloat(node.doubleValue()));
        } else {
            try {
                out.append(MAPPER.writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A float as Python's {@code repr}: shortest digits, plain from 1e-4 up to 1e16, else {@code 1e-05}, {@code 1e+16}. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal value = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = value.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
