package io.modelstore.internal.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.StateNotFoundException;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Json;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Names;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ModelStoreException.Remedy;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The states that have been created: creating, listing and requiring them. */
public final class StateCatalog {

    private final Storage storage;
    private final Layout layout;
    private final Clock clock;
    private final ZoneId zone;

    public StateCatalog(Blobs blobs, Clock clock) {
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.clock = clock;
        this.zone = clock.getZone();
    }

    /** Creates a user's state; does nothing if it exists. */
    public void create(String state) {
        Names.newState(state);
        ensure(state);
    }

    /** Creates the state, reserved ones included, unless it exists. */
    public void ensure(String state) {
        storage.write(layout.stateKey(state), stateJson(state), WriteCondition.ifAbsent());
    }

    /** The created states, sorted, without the reserved {@code modelstore-deleted}. */
    public List<String> list() {
        String prefix = layout.statesPrefix();
        try (Stream<BlobInfo> blobs = storage.list(prefix)) {
            return blobs.map(b -> Layout.jsonName(prefix, b.key()))
                    .filter(n -> n != null && !n.equals(Names.DELETED_STATE))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Throws {@link StateNotFoundException}, naming the states that exist, when {@code state} has not been created. */
    public void require(String state) {
        if (storage.stat(layout.stateKey(state)).isEmpty()) {
            List<String> states = list();
            throw new StateNotFoundException(
                            state,
                            "State '" + state + "' does not exist. "
                                    + (states.isEmpty()
                                            ? "No states exist yet."
                                            : "Existing states: " + String.join(", ", states) + "."))
                    .withRemedy(new Remedy(
                            "Create it first with createModelState(\"" + state + "\").",
                            "Create it first with: modelstore states create " + state));
        }
    }

    private byte[] stateJson(String state) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("created", Json.PYTHON_CREATED.format(clock.instant().atZone(zone)));
        json.put("state_name", state);
        return Json.pythonBytes(json);
    }
}
