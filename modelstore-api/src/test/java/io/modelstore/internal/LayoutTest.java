package io.modelstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.Fixtures;
import io.modelstore.InvalidNameException;
import io.modelstore.ModelMetadata;
import io.modelstore.internal.Layout.DomainEntry;
import io.modelstore.internal.Layout.DomainEntry.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayoutTest {

    private static final String ID = Fixtures.IRIS_ID;
    /** The archive location Python wrote into the fixture's metadata (storage.path): the store was elsewhere. */
    private static final String PYTHON_PATH = "/srv/ml/model-store/operatorai-model-store/iris-classifier/"
            + "2026.11.23-22.56.38/" + ID + "/artifacts.tar.gz";

    // ------------------------------------------------------------------ keys

    @Test
    void keysBelowARootPrefix() {
        Layout layout = new Layout("teams/a");
        String base = "teams/a/operatorai-model-store";

        assertThat(layout.base()).isEqualTo(base);
        assertThat(layout.domainsPrefix()).isEqualTo(base + "/domains/");
        assertThat(layout.domainKey("fraud")).isEqualTo(base + "/domains/fraud.json");
        assertThat(layout.statesPrefix()).isEqualTo(base + "/model_states/");
        assertThat(layout.stateKey("production")).isEqualTo(base + "/model_states/production.json");
        assertThat(layout.domainPrefix("fraud")).isEqualTo(base + "/fraud/");
        assertThat(layout.versionsPrefix("fraud", null)).isEqualTo(base + "/fraud/versions/");
        assertThat(layout.versionsPrefix("fraud", "production")).isEqualTo(base + "/fraud/versions/production/");
        assertThat(layout.metadataKey("fraud", "m1")).isEqualTo(base + "/fraud/versions/m1.json");
        assertThat(layout.stateCopyKey("fraud", "production", "m1"))
                .isEqualTo(base + "/fraud/versions/production/m1.json");
    }

    @Test
    void keysWithoutARootPrefix() {
        Layout layout = new Layout(null);

        assertThat(layout.base()).isEqualTo("operatorai-model-store");
        assertThat(layout.domainKey("fraud")).isEqualTo("operatorai-model-store/domains/fraud.json");
        assertThat(layout.metadataKey("fraud", "m1")).isEqualTo("operatorai-model-store/fraud/versions/m1.json");
        assertThat(layout.stateKey("production")).isEqualTo("operatorai-model-store/model_states/production.json");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "/", "//"})
    void emptyPrefixesMeanTheRoot(String prefix) {
        assertThat(Layout.normalizePrefix(prefix)).isEmpty();
        assertThat(new Layout(prefix).base()).isEqualTo("operatorai-model-store");
    }

    @Test
    void leadingAndTrailingSlashesOfAPrefixAreDropped() {
        assertThat(Layout.normalizePrefix("/teams/a/")).isEqualTo("teams/a");
        assertThat(new Layout("//teams/a//").base()).isEqualTo("teams/a/operatorai-model-store");
    }

    @Test
    void archiveKeyUsesTheUploadTimeInTheGivenZone() {
        Instant uploaded = Instant.parse("2026-11-23T21:56:38.900Z");

        // Python writes local time, truncated to the second.
        assertThat(new Layout("teams/a").archiveKey("iris", uploaded, ZoneId.of("Europe/Berlin"), "m1"))
                .isEqualTo("teams/a/operatorai-model-store/iris/2026.11.23-22.56.38/m1/artifacts.tar.gz");
        assertThat(new Layout(null).archiveKey("iris", uploaded, ZoneOffset.UTC, "m1"))
                .isEqualTo("operatorai-model-store/iris/2026.11.23-21.56.38/m1/artifacts.tar.gz");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/../b", "a//b", "..", ".", "./a", "a/.", "teams/../../etc"})
    void prefixesWithEmptyOrDotSegmentsAreRefused(String prefix) {
        assertThatThrownBy(() -> new Layout(prefix))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid root prefix '" + prefix + "': it has an empty, '.' or '..' segment. "
                        + "Use a prefix such as 'teams/fraud'.");
    }

    // ------------------------------------------------------------------ parseDomainKey

    @Test
    void parseDomainKeyClassifiesTheDomainsKeys() {
        Layout layout = new Layout("teams/a");
        String p = "teams/a/operatorai-model-store/iris/";

        assertThat(layout.parseDomainKey("iris", p + "versions/m1.json"))
                .isEqualTo(new DomainEntry(Kind.METADATA, "m1", null, null));
        assertThat(layout.parseDomainKey("iris", p + "versions/production/m1.json"))
                .isEqualTo(new DomainEntry(Kind.STATE_COPY, "m1", "production", null));
        assertThat(layout.parseDomainKey("iris", p + "versions/modelstore-deleted/m1.json"))
                .isEqualTo(new DomainEntry(Kind.STATE_COPY, "m1", "modelstore-deleted", null));
        assertThat(layout.parseDomainKey("iris", p + "2026.11.23-22.56.38/m1/artifacts.tar.gz"))
                .isEqualTo(new DomainEntry(Kind.ARCHIVE, "m1", null, "2026.11.23-22.56.38"));
        // A model id with dots keeps them; only the ".json" suffix goes.
        assertThat(layout.parseDomainKey("iris", p + "versions/v1.2.json").modelId())
                .isEqualTo("v1.2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "teams/a/operatorai-model-store/iris/versions/m1.txt",
                "teams/a/operatorai-model-store/iris/versions/",
                "teams/a/operatorai-model-store/iris/versions/production/",
                "teams/a/operatorai-model-store/iris/versions/a/b/m1.json",
                "teams/a/operatorai-model-store/iris/2026.11.23/m1/artifacts.tar.gz",
                "teams/a/operatorai-model-store/iris/2026.11.23-22.56.38/m1/other.tar.gz",
                "teams/a/operatorai-model-store/iris/2026.11.23-22.56.38/artifacts.tar.gz",
                "teams/a/operatorai-model-store/iris/2026.11.23-22.56.38/m1/x/artifacts.tar.gz",
                "teams/a/operatorai-model-store/iris/notes.json",
                "teams/a/operatorai-model-store/iris2/versions/m1.json", // another domain sharing the name's start
                "teams/a/operatorai-model-store/domains/iris.json",
                "operatorai-model-store/iris/versions/m1.json", // outside the root prefix
                "teams/a/operatorai-model-store/irisversions/m1.json"
            })
    void parseDomainKeyIgnoresKeysTheLayoutDoesNotKnow(String key) {
        assertThat(new Layout("teams/a").parseDomainKey("iris", key)).isNull();
    }

    @Test
    void aJsonFileWithNoNameIsNotAModel() {
        assertThat(new Layout(null).parseDomainKey("iris", "operatorai-model-store/iris/versions/.json"))
                .isNull();
    }

    @Test
    void jsonNameTakesOnlyDirectChildren() {
        String prefix = "operatorai-model-store/domains/";

        assertThat(Layout.jsonName(prefix, prefix + "iris.json")).isEqualTo("iris");
        assertThat(Layout.jsonName(prefix, prefix + ".json")).isNull();
        assertThat(Layout.jsonName(prefix, prefix + "a/b.json")).isNull();
        assertThat(Layout.jsonName(prefix, prefix + "iris.txt")).isNull();
        assertThat(Layout.jsonName(prefix, "elsewhere/iris.json")).isNull();
    }

    // ------------------------------------------------------------------ archiveKeyFromStoredLocation

    @Test
    void theFixtureRecordsTheAbsolutePathThisTestUses() throws IOException {
        ModelMetadata meta = ModelMetadata.fromJson(Files.readString(Fixtures.irisMetadata()));

        assertThat(meta.storage()).containsEntry("path", PYTHON_PATH).containsEntry("type", "file_system");
    }

    @Test
    void pythonsAbsolutePathIsMappedIntoThisStore() {
        // Only the <domain>/<time>/<id>/artifacts.tar.gz tail is kept: the store may have moved.
        assertThat(new Layout(null).archiveKeyFromStoredLocation("iris-classifier", ID, PYTHON_PATH))
                .isEqualTo("operatorai-model-store/iris-classifier/2026.11.23-22.56.38/" + ID + "/artifacts.tar.gz");
        assertThat(new Layout("teams/a").archiveKeyFromStoredLocation("iris-classifier", ID, PYTHON_PATH))
                .isEqualTo("teams/a/operatorai-model-store/iris-classifier/2026.11.23-22.56.38/" + ID
                        + "/artifacts.tar.gz");
    }

    @Test
    void s3StylePrefixesAreMapped() {
        String tail = "iris-classifier/2026.11.23-22.56.38/" + ID + "/artifacts.tar.gz";

        assertThat(new Layout("root")
                        .archiveKeyFromStoredLocation("iris-classifier", ID, "root/operatorai-model-store/" + tail))
                .isEqualTo("root/operatorai-model-store/" + tail);
        assertThat(new Layout(null)
                        .archiveKeyFromStoredLocation("iris-classifier", ID, "operatorai-model-store/" + tail))
                .isEqualTo("operatorai-model-store/" + tail);
        // Backslashes of a path written on Windows count as separators.
        assertThat(new Layout(null)
                        .archiveKeyFromStoredLocation(
                                "iris-classifier", ID, "C:\\ml\\operatorai-model-store\\" + tail.replace('/', '\\')))
                .isEqualTo("operatorai-model-store/" + tail);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/srv/ml/model-store/operatorai-model-store/fraud-detector/2026.11.23-22.56.38/ID/artifacts.tar.gz",
                "/srv/ml/model-store/operatorai-model-store/big-iris-classifier/2026.11.23-22.56.38/ID/artifacts.tar.gz",
                "/srv/ml/model-store/operatorai-model-store/iris-classifier/2026.11.23-22.56.38/other-id/artifacts.tar.gz",
                "/srv/ml/model-store/operatorai-model-store/iris-classifier/2026-11-23/ID/artifacts.tar.gz",
                "/srv/ml/model-store/operatorai-model-store/iris-classifier/2026.11.23-22.56.38/ID/model.tar.gz",
                "/srv/ml/model-store/operatorai-model-store/iris-classifier/2026.11.23-22.56.38/ID/artifacts.tar.gz/",
                "2026.11.23-22.56.38/ID/artifacts.tar.gz",
                "ID/artifacts.tar.gz",
                "artifacts.tar.gz",
                ""
            })
    void locationsThatDoNotEndWithThisModelsTailAreNotTrusted(String location) {
        assertThat(new Layout(null).archiveKeyFromStoredLocation("iris-classifier", ID, location.replace("ID", ID)))
                .isNull();
    }
}
