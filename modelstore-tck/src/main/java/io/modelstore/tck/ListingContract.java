package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelStore;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How the store lists a domain's models, on every backend: newest first, and by state; models of one second in the
 * precise order of their upload; the latest pointer never moved back in time by an older upload that finishes last;
 * and what a listing costs: one paged listing and no metadata read for models of distinct seconds, each metadata
 * document read once (and again only when replaced) for models of one second. (The rest of the store contract is
 * {@link ModelStoreContract}'s, which extends this class.)
 *
 * <p>A backend's test extends {@link ModelStoreContract} and returns a fresh, empty storage from
 * {@link #createStorage()}.
 */
public abstract class ListingContract extends CountedStoreContract {

    /** For the subclasses. */
    protected ListingContract() {}

    @Test
    void listsModelsNewestFirstAndByState() throws IOException {
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploaded.add(store.upload("iris", file("m" + i + "/model.bin", bytes("m" + i)))
                    .modelId());
        }
        assertThat(store.listModels("iris")).containsExactly(uploaded.get(2), uploaded.get(1), uploaded.get(0));

        store.createModelState("production");
        store.setModelState("iris", uploaded.get(0), "production");
        store.setModelState("iris", uploaded.get(2), "production");
        assertThat(store.listModels("iris", "production")).containsExactly(uploaded.get(2), uploaded.get(0));
        assertThat(store.getDomain("iris").modelId()).isEqualTo(uploaded.get(2));
    }

    @Test
    void listingSixHundredModelsTakesOnePagedListingAndNoMetadataReads() {
        // Written straight into storage in Python's layout, one second apart, so the test stays fast.
        int count = 600;
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> String.format("m%04d", i))
                .collect(Collectors.toList());
        Races.parallel(ids, id -> {
            int i = Integer.parseInt(id.substring(1));
            String time = ARCHIVE_TIME.format(start.plusSeconds(i).atZone(ZoneOffset.UTC));
            storage.write(
                    base() + "many/" + time + "/" + id + "/artifacts.tar.gz", bytes("x"), WriteCondition.always());
            storage.write(
                    base() + "many/versions/" + id + ".json",
                    pythonMetadata("many", id, time),
                    WriteCondition.always());
        });
        storage.reset();

        List<String> listed = store.listModels("many");

        List<String> expected = new ArrayList<>(ids);
        Collections.reverse(expected);
        assertThat(listed).isEqualTo(expected);
        assertThat(storage.reads.get()).as("metadata reads").isZero();
        assertThat(storage.lists.get()).as("listings").isEqualTo(1);
        assertThat(storage.listed.get()).as("keys listed").isEqualTo(2 * count);
    }

    @Test
    void modelsUploadedInTheSameSecondAreOrderedByTheirPreciseTime() throws IOException {
        Instant t = Instant.parse("2025-06-01T10:00:00.100Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(at(t.plusMillis(100L * i))
                    .upload("same-second", file("s" + i + "/m.bin", bytes("s" + i)))
                    .modelId());
        }
        assertThat(store.listModels("same-second")).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    }

    @Test
    void manyModelsOfOneSecondAreOrderedAndTheirMetadataIsReadOnce() throws IOException {
        // Python's layout with one archive second for all: only the metadata orders them (read several at a time).
        int count = 40;
        String time = "2025.06.01-10.00.00";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("t%02d", (i * 7) % count); // ids not in time order
            ids.add(id);
            storage.write(
                    base() + "tied/" + time + "/" + id + "/artifacts.tar.gz", bytes("x"), WriteCondition.always());
            byte[] meta = new String(pythonMetadata("tied", id, time), StandardCharsets.UTF_8)
                    .replace(
                            "\"code\": {",
                            "\"code\": {\"created_at\": \"2025-06-01T10:00:00." + String.format("%03d", i) + "Z\", ")
                    .getBytes(StandardCharsets.UTF_8);
            storage.write(base() + "tied/versions/" + id + ".json", meta, WriteCondition.always());
        }
        List<String> expected = new ArrayList<>(ids);
        Collections.reverse(expected);
        storage.reset();

        assertThat(store.listModels("tied")).isEqualTo(expected);
        assertThat(storage.reads.get())
                .as("metadata reads of the first listing")
                .isEqualTo(count);
        storage.reset();
        assertThat(store.listModels("tied")).isEqualTo(expected);
        assertThat(storage.reads.get())
                .as("an unchanged document is not read again")
                .isZero();

        // A document replaced (a new version) is read again: here it moves to the front.
        String last = ids.get(0);
        byte[] current;
        try (var in = storage.read(base() + "tied/versions/" + last + ".json")) {
            current = in.readAllBytes();
        }
        byte[] newer = new String(current, StandardCharsets.UTF_8)
                .replace("10:00:00.000Z", "10:00:00.999Z")
                .getBytes(StandardCharsets.UTF_8);
        storage.write(base() + "tied/versions/" + last + ".json", newer, WriteCondition.always());
        storage.reset();
        assertThat(store.listModels("tied")).first().isEqualTo(last);
        assertThat(storage.reads.get()).isEqualTo(1);
    }

    @Test
    void theLatestPointerNeverMovesBackInTime() throws IOException {
        Instant now = Instant.parse("2025-06-01T10:00:00Z");
        ModelStore late = at(now.plusSeconds(60));
        ModelStore early = at(now);

        String newer = late.upload("d", file("a/m.bin", bytes("a"))).modelId();
        String older = early.upload("d", file("b/m.bin", bytes("b"))).modelId(); // finishes last, but is older

        assertThat(store.getDomain("d").modelId()).isEqualTo(newer);
        assertThat(store.listModels("d")).containsExactly(newer, older);
    }
}
