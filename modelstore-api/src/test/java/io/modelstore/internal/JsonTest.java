package io.modelstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.Fixtures;
import io.modelstore.StoreDamagedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Json#python} must write what Python's {@code json.dumps(obj)} writes (defaults: ensure_ascii, ", ", ": "). */
class JsonTest {

    private static JsonNode parse(String json) throws IOException {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void nestedObjectsAndArraysUsePythonsSeparators() throws IOException {
        // Expected output from Python 3: json.dumps({"a": [1, 2, {"b": "x", "c": None, "d": True}], "g": [], "h": {}})
        JsonNode node = parse("{\"a\":[1,2,{\"b\":\"x\",\"c\":null,\"d\":true}],\"g\":[],\"h\":{}}");

        assertThat(Json.python(node))
                .isEqualTo("{\"a\": [1, 2, {\"b\": \"x\", \"c\": null, \"d\": true}], \"g\": [], \"h\": {}}");
    }

    @Test
    void keysKeepTheirOrder() throws IOException {
        // Python keeps insertion order; so must we (the metadata's field order is part of the byte format).
        assertThat(Json.python(parse("{\"z\":1,\"a\":2,\"m\":{\"y\":false,\"b\":-3}}")))
                .isEqualTo("{\"z\": 1, \"a\": 2, \"m\": {\"y\": false, \"b\": -3}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                // description | Java string (escapes decoded below) | Python's json.dumps output
                "accented letter | \\u00e9t\\u00e9 | \"\\u00e9t\\u00e9\"",
                "newline, tab, CR | a\\nb\\tc\\rd | \"a\\nb\\tc\\rd\"",
                "backspace, form feed | \\b\\f | \"\\b\\f\"",
                "quote and backslash | say \\\"hi\\\" \\\\ | \"say \\\"hi\\\" \\\\\"",
                "other C0 controls | \\u0001\\u001f | \"\\u0001\\u001f\"",
                "emoji as a surrogate pair, lower-case hex | \\ud83d\\ude00 | \"\\ud83d\\ude00\"",
                "C1 control and line separator | \\u0085\\u2028 | \"\\u0085\\u2028\"",
                "CJK | \\u6a21\\u578b | \"\\u6a21\\u578b\"",
                "plain ASCII incl. slash and tilde | a/b ~c~ | \"a/b ~c~\"",
            })
    void stringsAreEscapedLikeEnsureAscii(String description, String javaEscaped, String python) {
        String value = unescape(javaEscaped);
        JsonNode node = Json.MAPPER.getNodeFactory().textNode(value);

        assertThat(Json.python(node)).isEqualTo(python);
        // Keys are escaped the same way.
        ObjectNode object = Json.MAPPER.createObjectNode().put(value, 1);
        assertThat(Json.python(object)).isEqualTo("{" + python + ": 1}");
        // And the bytes are pure ASCII.
        assertThat(new String(Json.pythonBytes(node), StandardCharsets.US_ASCII))
                .isEqualTo(python);
    }

    @Test
    void delIsEscapedLikePython() {
        assertThat(Json.python(Json.MAPPER.getNodeFactory().textNode("a\u007fb")))
                .isEqualTo("\"a\\u007fb\"");
    }

    @Test
    void integersAndSimpleFloats() throws IOException {
        // The floats that both Python's repr and Java's Double.toString write alike.
        assertThat(Json.python(parse("[0, -7, 123456789012345678901234567890, 1.0, 0.1, -2.5, 0.001, 1234567.0]")))
                .isEqualTo("[0, -7, 123456789012345678901234567890, 1.0, 0.1, -2.5, 0.001, 1234567.0]");
    }

    @Test
    void floatsAreWrittenLikePythonsRepr() throws IOException {
        // Expected output from Python 3: json.dumps([0.0001, 1e-05, 1e7, 12345678.9, 1e16, 1e22])
        assertThat(Json.python(parse("[0.0001, 1e-05, 1e7, 12345678.9, 1e16, 1e22]")))
                .isEqualTo("[0.0001, 1e-05, 10000000.0, 12345678.9, 1e+16, 1e+22]");
    }

    @Test
    void nanAndInfinityWrittenByPythonAreRead() {
        // Python 3: json.dumps({"missing_values": float("nan"), "max": float("inf")})
        String python = "{\"missing_values\": NaN, \"max\": Infinity}";

        ObjectNode node = Json.parseObject(python.getBytes(StandardCharsets.US_ASCII), "fixture");

        assertThat(Json.python(node)).isEqualTo(python);
    }

    // ------------------------------------------------------------------ the Python fixture

    @Test
    void pythonMetadataRoundTripsAsTheSameJsonTree() throws IOException {
        byte[] original = Files.readAllBytes(Fixtures.irisMetadata());

        ObjectNode parsed = Json.parseObject(original, "fixture");
        String written = Json.python(parsed);

        assertThat(Json.MAPPER.readTree(written)).isEqualTo(Json.MAPPER.readTree(original));
    }

    @Test
    void pythonMetadataRoundTripsByteForByte() throws IOException {
        byte[] original = Files.readAllBytes(Fixtures.irisMetadata());

        // Compared as text so that a failure shows the difference readably; both sides are pure ASCII.
        assertThat(new String(Json.pythonBytes(Json.parseObject(original, "fixture")), StandardCharsets.US_ASCII))
                .isEqualTo(new String(original, StandardCharsets.US_ASCII));
    }

    static List<Path> fixtureJsonFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(Fixtures.pythonStore())) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureJsonFiles")
    void everyPythonDocumentRoundTripsAsTheSameTree(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);

        String written = Json.python(Json.parseObject(original, file.toString()));

        assertThat(Json.MAPPER.readTree(written)).isEqualTo(Json.MAPPER.readTree(original));
        assertThat(written).isEqualTo(new String(original, StandardCharsets.US_ASCII));
    }

    @Test
    void parseObjectRefusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> Json.parseObject("[1, 2]".getBytes(StandardCharsets.UTF_8), "The metadata at k"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessage(
                        "The metadata at k is not a JSON object. The store may be damaged: restore it from a backup.");
        assertThatThrownBy(() -> Json.parseObject("{\"a\": ".getBytes(StandardCharsets.UTF_8), "The metadata at k"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageStartingWith("The metadata at k is not valid JSON (")
                .hasMessageEndingWith("). The store may be damaged: restore it from a backup.");
    }

    /** Decodes the \\n, \\t, \\uXXXX ... escapes of a CSV cell, so the test data stays ASCII. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
