package io.modelstore.internal.read;

import io.modelstore.ModelMetadata;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Names;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tells cheaply whether the newest model of a domain, or of a domain's state, may have changed: one stat of the
 * domain's pointer, or one listing of the state's few copies, instead of a listing of the whole domain. Python's
 * uploads and state changes write the same keys as Java's, so both are noticed.
 */
public final class ModelWatch {

    private final Storage storage;
    private final Layout layout;
    private final ModelLookup lookup;
    private final String domain;
    private final String state;

    public ModelWatch(Blobs blobs, ModelLookup lookup, String domain, String state) {
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.lookup = lookup;
        this.domain = Names.domain(domain);
        this.state = state == null ? null : Names.state(state);
    }

    /** Changes whenever the answer of {@link #newest()} may have changed. */
    public String token() {
        if (state == null) {
            return storage.stat(layout.domainKey(domain)).map(BlobInfo::version).orElse("none");
        }
        try (Stream<BlobInfo> copies = storage.list(layout.versionsPrefix(domain, state))) {
            return copies.map(b -> b.key() + "@" + b.version()).sorted().collect(Collectors.joining(","));
        }
    }

    /** The newest model now: of the state, or the domain's latest. */
    public ModelMetadata newest() {
        return lookup.getDomain(domain, state);
    }

    public String describe() {
        return domain + (state == null ? "" : " in state " + state);
    }
}
